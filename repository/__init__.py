"""Repository: the page tree of records, their files, history and permissions.

Imports no other Wenshu app; every other app may import this one."""
