/*
 * ICU analysis components for our local OpenSearch 2.x node (built by ops/opensearch.sh).
 *
 * Why this exists: OpenSearch publishes its core analysis-icu plugin only as a zip
 * on its own artifact host, which our machines cannot reach; Maven Central has the
 * Lucene side (org.apache.lucene:lucene-analysis-icu + com.ibm.icu:icu4j) but no
 * OpenSearch glue. This file is that glue: thin factories that expose Lucene's ICU
 * classes under the component names OpenSearch users know, with the same settings:
 *
 *   tokenizer     icu_tokenizer                     (Lucene ICUTokenizer, CJK as words)
 *   token filter  icu_normalizer  name=nfkc_cf|nfc|nfkc|nfkd..., mode=compose|decompose,
 *                                 unicode_set_filter=[...]
 *   token filter  icu_folding     unicode_set_filter=[...]
 *   token filter  icu_transform   id=<ICU transliterator id>, dir=forward|reverse
 *                                 e.g. id "Traditional-Simplified" (繁→简)
 *   char filter   icu_normalizer  as the token filter
 *   analyzer      icu_analyzer    method=..., mode=..., unicode_set_filter=[...]
 *
 * Not provided (not needed by Wenshu): icu_collation and the icu_collation_keyword
 * field type, and icu_tokenizer's rule_files.
 *
 * Compiled against the node's own lib/ jars at install time, so a version mismatch
 * fails the install rather than the first query.
 */
package org.wenshu.opensearch.icu;

import com.ibm.icu.text.FilteredNormalizer2;
import com.ibm.icu.text.Normalizer2;
import com.ibm.icu.text.Transliterator;
import com.ibm.icu.text.UnicodeSet;
import java.io.Reader;
import java.util.HashMap;
import java.util.Map;
import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.analysis.TokenStream;
import org.apache.lucene.analysis.Tokenizer;
import org.apache.lucene.analysis.icu.ICUFoldingFilter;
import org.apache.lucene.analysis.icu.ICUNormalizer2CharFilter;
import org.apache.lucene.analysis.icu.ICUNormalizer2Filter;
import org.apache.lucene.analysis.icu.ICUTransformFilter;
import org.apache.lucene.analysis.icu.segmentation.ICUTokenizer;
import org.opensearch.common.settings.Settings;
import org.opensearch.env.Environment;
import org.opensearch.index.IndexSettings;
import org.opensearch.index.analysis.AbstractCharFilterFactory;
import org.opensearch.index.analysis.AbstractIndexAnalyzerProvider;
import org.opensearch.index.analysis.AbstractTokenFilterFactory;
import org.opensearch.index.analysis.AbstractTokenizerFactory;
import org.opensearch.index.analysis.AnalyzerProvider;
import org.opensearch.index.analysis.CharFilterFactory;
import org.opensearch.index.analysis.NormalizingCharFilterFactory;
import org.opensearch.index.analysis.NormalizingTokenFilterFactory;
import org.opensearch.index.analysis.TokenFilterFactory;
import org.opensearch.index.analysis.TokenizerFactory;
import org.opensearch.indices.analysis.AnalysisModule.AnalysisProvider;
import org.opensearch.plugins.AnalysisPlugin;
import org.opensearch.plugins.Plugin;

public class WenshuIcuAnalysisPlugin extends Plugin implements AnalysisPlugin {

    @Override
    public Map<String, AnalysisProvider<TokenizerFactory>> getTokenizers() {
        return Map.of("icu_tokenizer", IcuTokenizerFactory::new);
    }

    @Override
    public Map<String, AnalysisProvider<TokenFilterFactory>> getTokenFilters() {
        Map<String, AnalysisProvider<TokenFilterFactory>> filters = new HashMap<>();
        filters.put("icu_normalizer", NormalizerFilter::new);
        filters.put("icu_folding", FoldingFilter::new);
        filters.put("icu_transform", TransformFilter::new);
        return filters;
    }

    @Override
    public Map<String, AnalysisProvider<CharFilterFactory>> getCharFilters() {
        return Map.of("icu_normalizer", NormalizerCharFilter::new);
    }

    @Override
    public Map<String, AnalysisProvider<AnalyzerProvider<? extends Analyzer>>> getAnalyzers() {
        return Map.of("icu_analyzer", IcuAnalyzer::new);
    }

    /** Reads name/method + mode into an ICU Normalizer2, optionally restricted to a UnicodeSet. */
    static Normalizer2 normalizer(Settings settings, String nameKey, String defaultName) {
        String form = settings.get(nameKey, defaultName);
        String mode = settings.get("mode", "compose");
        if (!mode.equals("compose") && !mode.equals("decompose")) {
            throw new IllegalArgumentException("[mode] must be compose or decompose, got [" + mode + "]");
        }
        Normalizer2.Mode m = mode.equals("compose") ? Normalizer2.Mode.COMPOSE : Normalizer2.Mode.DECOMPOSE;
        return restrict(Normalizer2.getInstance(null, form, m), settings);
    }

    /** unicode_set_filter (and its old camelCase spelling) limits which characters are touched. */
    static Normalizer2 restrict(Normalizer2 base, Settings settings) {
        String set = settings.get("unicode_set_filter", settings.get("unicodeSetFilter"));
        if (set == null) {
            return base;
        }
        UnicodeSet unicodeSet = new UnicodeSet(set);
        unicodeSet.freeze();
        return new FilteredNormalizer2(base, unicodeSet);
    }

    static final class IcuTokenizerFactory extends AbstractTokenizerFactory {
        IcuTokenizerFactory(IndexSettings index, Environment env, String name, Settings settings) {
            super(index, settings, name);
        }

        @Override
        public Tokenizer create() {
            return new ICUTokenizer();
        }
    }

    static final class NormalizerFilter extends AbstractTokenFilterFactory implements NormalizingTokenFilterFactory {
        private final Normalizer2 normalizer;

        NormalizerFilter(IndexSettings index, Environment env, String name, Settings settings) {
            super(index, name, settings);
            this.normalizer = normalizer(settings, "name", "nfkc_cf");
        }

        @Override
        public TokenStream create(TokenStream input) {
            return new ICUNormalizer2Filter(input, normalizer);
        }
    }

    static final class FoldingFilter extends AbstractTokenFilterFactory implements NormalizingTokenFilterFactory {
        private final Normalizer2 normalizer;

        FoldingFilter(IndexSettings index, Environment env, String name, Settings settings) {
            super(index, name, settings);
            this.normalizer = restrict(ICUFoldingFilter.NORMALIZER, settings);
        }

        @Override
        public TokenStream create(TokenStream input) {
            return new ICUNormalizer2Filter(input, normalizer);
        }
    }

    static final class TransformFilter extends AbstractTokenFilterFactory implements NormalizingTokenFilterFactory {
        private final Transliterator transliterator;

        TransformFilter(IndexSettings index, Environment env, String name, Settings settings) {
            super(index, name, settings);
            String dir = settings.get("dir", "forward");
            if (!dir.equals("forward") && !dir.equals("reverse")) {
                throw new IllegalArgumentException("[dir] must be forward or reverse, got [" + dir + "]");
            }
            this.transliterator = Transliterator.getInstance(
                settings.get("id", "Null"),
                dir.equals("forward") ? Transliterator.FORWARD : Transliterator.REVERSE
            );
        }

        @Override
        public TokenStream create(TokenStream input) {
            return new ICUTransformFilter(input, transliterator);
        }
    }

    static final class NormalizerCharFilter extends AbstractCharFilterFactory implements NormalizingCharFilterFactory {
        private final Normalizer2 normalizer;

        NormalizerCharFilter(IndexSettings index, Environment env, String name, Settings settings) {
            super(index, name);
            this.normalizer = normalizer(settings, "name", "nfkc_cf");
        }

        @Override
        public Reader create(Reader input) {
            return new ICUNormalizer2CharFilter(input, normalizer);
        }
    }

    /** icu_normalizer char filter + icu_tokenizer + icu_folding, as one analyzer. */
    static final class IcuAnalyzer extends AbstractIndexAnalyzerProvider<Analyzer> {
        private final Normalizer2 normalizer;

        IcuAnalyzer(IndexSettings index, Environment env, String name, Settings settings) {
            super(index, name, settings);
            this.normalizer = normalizer(settings, "method", "nfkc_cf");
        }

        @Override
        public Analyzer get() {
            Normalizer2 n = normalizer;
            return new Analyzer() {
                @Override
                protected Reader initReader(String fieldName, Reader reader) {
                    return new ICUNormalizer2CharFilter(reader, n);
                }

                @Override
                protected TokenStreamComponents createComponents(String fieldName) {
                    Tokenizer source = new ICUTokenizer();
                    return new TokenStreamComponents(source, new ICUFoldingFilter(source));
                }
            };
        }
    }
}
