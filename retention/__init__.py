"""Retention: filing with 档号, retention schedules, disposition, holds and lending."""
