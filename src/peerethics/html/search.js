/* peerethics search, ported from the Python engine (search_words.py, search_frames.py,
 * search_spelling.py, search_query.py, search_reader.py, search_topics.py, search_ranking.py)
 * step by step, over the same data (html_data.py exports the search index, the reader's weights,
 * the word lists and every tuning number). Each function names the Python one it follows; keep
 * them in step. No network, no dependency, no DOM here: page.js draws the results. */
(function (root) {
  "use strict";

  var WORD = /[a-z0-9]+(?:'[a-z]+)?/g;

  function toMap(obj) { return new Map(Object.entries(obj)); }
  function has(set, x) { return set.has(x); }
  function sliceChars(s, n) {
    // Python slices code points; JS strings are UTF-16.
    if (s.length <= n) return s;
    return Array.from(s).slice(0, n).join("");
  }
  function round(x, digits) { return Number(x.toFixed(digits)); }
  function eqList(a, b) {
    if (a.length !== b.length) return false;
    for (var i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
    return true;
  }
  function isAlpha(w) { return /^[a-z]+$/.test(w); }
  function isDigit(w) { return /^[0-9]+$/.test(w); }

  /* ------------------------------------------------------------------ search_words.py */

  function words(text) {
    var out = [];
    var low = text.toLowerCase().replace(/\u2019/g, "'");
    var m;
    WORD.lastIndex = 0;
    while ((m = WORD.exec(low)) !== null) {
      var w = m[0];
      if (w.endsWith("'s")) w = w.slice(0, -2);
      out.push(w);
    }
    return out;
  }

  function tokensOf(text) {
    return text.toLowerCase().replace(/\u2019/g, "'").match(WORD) || [];
  }

  function cons(w, i) {
    var ch = w[i];
    if ("aeiou".indexOf(ch) >= 0) return false;
    if (ch === "y") return i === 0 || !cons(w, i - 1);
    return true;
  }
  function measure(s) {
    var m = 0, prevVowel = false;
    for (var i = 0; i < s.length; i++) {
      var vowel = !cons(s, i);
      if (prevVowel && !vowel) m += 1;
      prevVowel = vowel;
    }
    return m;
  }
  function hasVowel(s) {
    for (var i = 0; i < s.length; i++) if (!cons(s, i)) return true;
    return false;
  }
  function cvc(w) {
    var n = w.length;
    return n >= 3 && cons(w, n - 1) && !cons(w, n - 2) && cons(w, n - 3) &&
      "wxy".indexOf(w[n - 1]) < 0;
  }
  var STEP2 = [
    ["ational", "ate"], ["tional", "tion"], ["enci", "ence"], ["anci", "ance"], ["izer", "ize"],
    ["bli", "ble"], ["alli", "al"], ["entli", "ent"], ["eli", "e"], ["ousli", "ous"],
    ["ization", "ize"], ["isation", "ize"], ["ation", "ate"], ["ator", "ate"], ["alism", "al"],
    ["iveness", "ive"], ["fulness", "ful"], ["ousness", "ous"], ["aliti", "al"],
    ["iviti", "ive"], ["biliti", "ble"], ["logi", "log"]
  ].sort(function (a, b) { return b[0].length - a[0].length; });
  var STEP3 = [["icate", "ic"], ["ative", ""], ["alize", "al"], ["iciti", "ic"], ["ical", "ic"],
    ["ful", ""], ["ness", ""]].sort(function (a, b) { return b[0].length - a[0].length; });
  var STEP4 = ["al", "ance", "ence", "er", "ic", "able", "ible", "ant", "ement", "ment", "ent",
    "ion", "ou", "ism", "ate", "iti", "ous", "ive", "ize", "ise"]
    .sort(function (a, b) { return b.length - a.length; });

  function replaceRule(w, rules, minM) {
    for (var i = 0; i < rules.length; i++) {
      var suffix = rules[i][0];
      if (w.endsWith(suffix)) {
        var s = w.slice(0, -suffix.length);
        return measure(s) > minM ? s + rules[i][1] : w;
      }
    }
    return w;
  }

  var stemCache = new Map();
  function stem(word) {
    var hit = stemCache.get(word);
    if (hit !== undefined) return hit;
    var out = stemUncached(word);
    if (stemCache.size < 65536) stemCache.set(word, out);
    return out;
  }
  function stemUncached(word) {
    var w = word.toLowerCase();
    if (w.indexOf("'") >= 0) w = w.split("'")[0];
    if (w.length <= 2 || !isAlpha(w)) return w;
    if (w.endsWith("sses")) w = w.slice(0, -2);
    else if (w.endsWith("ies")) w = w.slice(0, -2);
    else if (w.endsWith("s") && !w.endsWith("ss") && w.length > 3) w = w.slice(0, -1);
    if (w.endsWith("eed")) {
      if (measure(w.slice(0, -3)) > 0) w = w.slice(0, -1);
    } else {
      var sfx = ["ed", "ing"];
      for (var k = 0; k < 2; k++) {
        var suffix = sfx[k];
        if (w.endsWith(suffix) && hasVowel(w.slice(0, -suffix.length))) {
          w = w.slice(0, -suffix.length);
          if (w.endsWith("at") || w.endsWith("bl") || w.endsWith("iz")) w += "e";
          else if (w.length > 1 && w[w.length - 1] === w[w.length - 2] &&
                   cons(w, w.length - 1) && "lsz".indexOf(w[w.length - 1]) < 0) w = w.slice(0, -1);
          else if (measure(w) === 1 && cvc(w)) w += "e";
          break;
        }
      }
    }
    if (w.endsWith("y") && hasVowel(w.slice(0, -1))) w = w.slice(0, -1) + "i";
    w = replaceRule(w, STEP2, 0);
    w = replaceRule(w, STEP3, 0);
    for (var j = 0; j < STEP4.length; j++) {
      var s4 = STEP4[j];
      if (w.endsWith(s4)) {
        var st = w.slice(0, -s4.length);
        if (measure(st) > 1 && (s4 !== "ion" || st.endsWith("s") || st.endsWith("t"))) w = st;
        break;
      }
    }
    if (w.endsWith("e")) {
      var m = measure(w.slice(0, -1));
      if (m > 1 || (m === 1 && !cvc(w.slice(0, -1)))) w = w.slice(0, -1);
    }
    if (w.endsWith("ll") && measure(w) > 1) w = w.slice(0, -1);
    return w;
  }

  function correctable(word) { return word.length >= 4 && isAlpha(word); }

  /* ------------------------------------------------------- spelling (rapidfuzz's scores) */

  function jaro(a, b) {
    // As rapidfuzz: each letter of the candidate (b) takes the first free equal letter of the
    // query word (a) within the window; a's length and b's as given.
    var la = a.length, lb = b.length;
    if (!la && !lb) return 1.0;
    if (!la || !lb) return 0.0;
    if (la === 1 && lb === 1) return a === b ? 1.0 : 0.0;
    var bound = Math.floor(Math.max(la, lb) / 2) - 1;
    if (bound < 0) bound = 0;
    var fa = new Uint8Array(la), fb = new Uint8Array(lb);
    var m = 0, i, j;
    for (j = 0; j < lb; j++) {
      var lo = Math.max(0, j - bound), hi = Math.min(la - 1, j + bound);
      for (i = lo; i <= hi; i++) {
        if (!fa[i] && a[i] === b[j]) { fa[i] = fb[j] = 1; m++; break; }
      }
    }
    if (!m) return 0.0;
    var t = 0, k = 0;
    for (i = 0; i < la; i++) {
      if (!fa[i]) continue;
      while (!fb[k]) k++;
      if (a[i] !== b[k]) t++;
      k++;
    }
    t = Math.floor(t / 2);
    return (m / la + m / lb + (m - t) / m) / 3.0;
  }
  function jaroWinkler(a, b) {
    var sim = jaro(a, b);
    if (sim > 0.7) {
      var prefix = 0, n = Math.min(a.length, b.length, 4);
      while (prefix < n && a[prefix] === b[prefix]) prefix++;
      sim += prefix * 0.1 * (1.0 - sim);
    }
    return sim;
  }
  function lcs(a, b) {
    var prev = new Array(b.length + 1).fill(0), cur;
    for (var i = 1; i <= a.length; i++) {
      cur = new Array(b.length + 1).fill(0);
      for (var j = 1; j <= b.length; j++) {
        cur[j] = a[i - 1] === b[j - 1] ? prev[j - 1] + 1 : Math.max(prev[j], cur[j - 1]);
      }
      prev = cur;
    }
    return prev[b.length];
  }
  function ratio(a, b) {  // fuzz.ratio / 100: the normalised Indel similarity
    var total = a.length + b.length;
    if (!total) return 1.0;
    var dist = total - 2 * lcs(a, b);
    return (1.0 - dist / total) * 100 / 100;
  }
  function osa(a, b) {
    var d = [], i, j;
    for (i = 0; i <= a.length; i++) { d.push(new Array(b.length + 1).fill(0)); d[i][0] = i; }
    for (j = 0; j <= b.length; j++) d[0][j] = j;
    for (i = 1; i <= a.length; i++) {
      for (j = 1; j <= b.length; j++) {
        var cost = a[i - 1] === b[j - 1] ? 0 : 1;
        d[i][j] = Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + cost);
        if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) {
          d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + cost);
        }
      }
    }
    return d[a.length][b.length];
  }
  function sortedLetters(w) { return w.split("").sort().join(""); }

  /* --------------------------------------------------------------------------- Engine */

  function Engine(data) {
    this.T = data.tuning;
    this.codeIds = data.code_ids;
    this.codeOrder = new Map(data.code_ids.map(function (c, i) { return [c, i]; }));
    this.docCodes = data.doc_codes;
    this.docNumbers = data.doc_numbers;
    this.docTexts = data.doc_texts;
    this.fields = new Map();
    for (var name in data.fields) this.fields.set(name, toMap(data.fields[name]));
    this.lengths = data.lengths;
    this.topicIds = data.topic_ids;
    this.topicPos = new Map(data.topic_ids.map(function (t, i) { return [t, i]; }));
    this.topicTerms = data.topic_terms.map(toMap);
    this.phrases = toMap(data.phrases);
    this.docTopics = data.doc_topics;
    this.topicIdf = toMap(data.topic_idf);
    this.stemList = data.stem_list;
    this.stemSet = new Set(data.stem_list);
    this.strong = toMap(data.strong);
    this.related = data.related;
    this.pairs = toMap(data.pairs);
    this.reader = {classes: data.reader.classes, bias: data.reader.bias,
                   scale: data.reader.scale || 1, weights: toMap(data.reader.weights)};
    this.vocabulary = data.vocabulary;
    this.english = new Set(data.english.split("\n"));
    this.stop = new Set(data.words.stop);
    this.weak = new Set(data.words.weak);
    this.idioms = data.words.idioms;
    this.folded = toMap(data.words.folded);
    this.personKeys = new Set(this.folded.values());
    var w = {};
    for (var k in data.frames.words) w[k] = new Set(data.frames.words[k]);
    var third = union(w.colleague, w.family, w.outsider);
    this.lx = {w: w, topic: data.frames.topics, third: third, roles: union(w.served, third)};
    this._adjacent = null;
  }
  function union() {
    var out = new Set();
    for (var i = 0; i < arguments.length; i++) arguments[i].forEach(function (x) { out.add(x); });
    return out;
  }
  var E = Engine.prototype;

  E.nDocs = function () { return this.docCodes.length; };

  E.stripIdioms = function (text) {
    var low = " " + words(text).join(" ") + " ";
    for (var i = 0; i < this.idioms.length; i++) {
      var idiom = this.idioms[i][0], repl = this.idioms[i][1];
      low = low.split(" " + idiom + " ").join(repl ? " " + repl + " " : " ");
    }
    return low.trim();
  };
  E.contentWords = function (text) {
    var stop = this.stop;
    return words(text).filter(function (w) { return !stop.has(w) && w.length > 1; });
  };
  E.stems = function (text) { return this.contentWords(text).map(stem); };
  E.phraseWord = function (word) { return this.folded.get(word) || stem(word); };

  /* search_index.py */
  E.knows = function (s) {
    if (this.topicIdf.has(s)) return true;
    var found = false;
    this.fields.forEach(function (postings) { if (postings.has(s)) found = true; });
    return found;
  };
  E.wordPairs = function (seq) {
    var out = [], keys = this.personKeys, stop = this.stop;
    for (var i = 0; i < seq.length; i++) {
      var a = seq[i];
      for (var j = i + 1; j <= i + 2; j++) {
        if (j >= seq.length || (j === i + 2 && !keys.has(seq[i + 1]))) continue;
        var b = seq[j];
        if (keys.has(a) || keys.has(b) || (stop.has(a) && stop.has(b))) continue;
        out.push(a + " " + b);
      }
    }
    return out;
  };
  E.adjacentStems = function () {
    if (!this._adjacent) {
      var pairs = new Set();
      this.phrases.forEach(function (entries) {
        entries.forEach(function (e) {
          var seq = e[1];
          for (var i = 0; i + 1 < seq.length; i++) pairs.add(seq[i] + "\u0001" + seq[i + 1]);
        });
      });
      this._adjacent = pairs;
    }
    return this._adjacent;
  };

  /* search_spelling.py */
  E.isEnglish = function (word) {
    var w = word.toLowerCase();
    if (this.english.has(w)) return true;
    var infl = [["s", ""], ["es", ""], ["ed", ""], ["ed", "e"], ["ing", ""], ["ing", "e"],
                ["ies", "y"], ["ied", "y"], ["er", ""], ["ly", ""]];
    for (var i = 0; i < infl.length; i++) {
      var suffix = infl[i][0];
      if (w.endsWith(suffix) && w.length - suffix.length >= 3 &&
          this.english.has(w.slice(0, -suffix.length) + infl[i][1])) return true;
    }
    return false;
  };
  E.correct = function (unknown, vocabulary, bestOnly, cutoff) {
    var T = this.T, out = new Map();
    unknown.forEach(function (word) {
      var found = [], la = word.length;
      for (var i = 0; i < vocabulary.length; i++) {
        // The best score the two lengths allow (every letter of the shorter matched, in order,
        // and the whole Winkler bonus): below the cutoff, the word cannot be a candidate.
        var lb = vocabulary[i].length, short = Math.min(la, lb);
        var most = (short / la + short / lb + 1) / 3;
        if (most + 0.4 * (1 - most) < cutoff) continue;
        var jw = jaroWinkler(word, vocabulary[i]);
        if (jw >= cutoff) found.push([jw, i]);
      }
      found.sort(function (a, b) { return b[0] - a[0] || a[1] - b[1]; });
      found = found.slice(0, T.max_spelling_candidates_limit);
      var ranked = [];
      found.forEach(function (f) {
        var match = vocabulary[f[1]], jw = f[0];
        var r = ratio(word, match);
        if (r >= T.spelling_ratio_threshold) {
          var swapped = osa(word, match) === 1 && sortedLetters(word) === sortedLetters(match);
          ranked.push([swapped ? 2.0 : (jw + r) / 2, match]);
        }
      });
      ranked.sort(function (a, b) { return b[0] - a[0]; });
      if (ranked.length) {
        out.set(word, bestOnly ? ranked[0][1]
          : ranked.map(function (r) { return r[1]; }).join("|"));
      }
    });
    return out;
  };
  E.correctInContext = function (real, sequence, vocabulary) {
    var out = new Map(), pairs = this.adjacentStems(), stop = this.stop;
    var cands = this.correct(real, vocabulary, false, this.T.context_spelling_similarity_threshold);
    cands.forEach(function (candidate, word) {
      for (var i = 0; i < sequence.length; i++) {
        if (sequence[i] !== word) continue;
        var before = i ? sequence[i - 1] : "";
        var after = i + 1 < sequence.length ? sequence[i + 1] : "";
        before = stop.has(before) && before !== "to" ? "" : stem(before);
        after = stop.has(after) ? "" : stem(after);
        var cs = candidate.split("|");
        for (var k = 0; k < cs.length; k++) {
          var sc = stem(cs[k]);
          if (pairs.has(before + "\u0001" + sc) || pairs.has(sc + "\u0001" + after)) {
            out.set(word, cs[k]);
            break;
          }
        }
        if (out.has(word)) break;
      }
    });
    return out;
  };

  /* search_spelling.suggestions: the words of the codes nearest the query's, for "nothing
   * found" (rapidfuzz's extract with fuzz.ratio: best first, ties in vocabulary order). */
  E.suggestions = function (query, n) {
    var T = this.T, vocabulary = this.vocabulary, out = [];
    var ws = this.contentWords(sliceChars(query, T.max_query_chars_limit))
      .slice(0, T.max_suggestion_words_limit);
    ws.forEach(function (w) {
      var found = [];
      for (var i = 0; i < vocabulary.length; i++) {
        var score = ratio(w, vocabulary[i]) * 100;
        if (score >= T.suggestion_ratio_threshold) found.push([score, i]);
      }
      found.sort(function (a, b) { return b[0] - a[0] || a[1] - b[1]; });
      found.slice(0, T.max_suggestions_per_word_limit).forEach(function (f) {
        if (out.indexOf(vocabulary[f[1]]) < 0) out.push(vocabulary[f[1]]);
      });
    });
    return out.slice(0, n === undefined ? 5 : n);
  };

  /* search_query.py */
  E.understand = function (text) {
    var T = this.T, self = this;
    text = sliceChars(text, T.max_query_chars_limit);
    var plain = this.stripIdioms(text);
    var ws = this.contentWords(plain).slice(0, T.max_query_words_limit);
    var corrections = new Map();
    var unknown = Array.from(new Set(ws)).filter(function (w) {
      return correctable(w) && !self.knows(stem(w));
    });
    var real = unknown.filter(function (w) { return self.isEnglish(w); });
    unknown = unknown.filter(function (w) { return real.indexOf(w) < 0; });
    var vocabulary = unknown.length || real.length ? this.vocabulary : [];
    if (unknown.length && vocabulary.length) {
      corrections = this.correct(unknown, vocabulary, true, T.spelling_similarity_threshold);
    }
    if (real.length && vocabulary.length) {
      this.correctInContext(real, words(plain), vocabulary).forEach(function (v, k) {
        corrections.set(k, v);
      });
    }
    var fix = function (w) { return corrections.has(w) ? corrections.get(w) : w; };
    var fixed = ws.map(fix);
    var surface = new Map();
    fixed.forEach(function (w) { var s = stem(w); if (!surface.has(s)) surface.set(s, w); });
    var weights = new Map();
    surface.forEach(function (w, s) {
      weights.set(s, self.weak.has(w) || isDigit(w) ? T.weak_word_weight : 1.0);
    });
    Array.from(surface.keys()).forEach(function (s) {
      self.stemFamily(s).forEach(function (other) {
        if (!weights.has(other)) {
          weights.set(other, T.word_family_weight);
          if (!surface.has(other)) surface.set(other, surface.get(s));
        }
      });
    });
    var cap = T.max_query_words_limit * T.phrase_sequence_words_factor;
    var seqWords = words(plain).slice(0, cap).map(fix);
    return {text: text, words: fixed, corrections: corrections,
            stems: Array.from(weights.keys()), surface: surface, weights: weights,
            sequence: seqWords.map(stem),
            folded: seqWords.map(function (w) { return self.phraseWord(w); })};
  };
  E.stemFamily = function (s) {
    var T = this.T, shortest = T.min_word_family_letters_threshold;
    if (s.length < shortest) return [];
    var found = [];
    for (var k = shortest; k < s.length; k++) {
      if (this.stemSet.has(s.slice(0, k))) found.push(s.slice(0, k));
    }
    var list = this.stemList, lo = 0, hi = list.length;
    while (lo < hi) { var mid = (lo + hi) >> 1; if (list[mid] < s) lo = mid + 1; else hi = mid; }
    var end = Math.min(list.length, lo + T.max_word_family_candidates_limit);
    for (var i = lo; i < end; i++) {
      var other = list[i];
      if (!other.startsWith(s)) break;
      if (other !== s && other.length - s.length <= T.max_word_family_extra_letters_limit) {
        found.push(other);
      }
    }
    return found;
  };

  /* search_frames.py */
  var PLATFORM_VERBS = {dm: "message", dms: "messages", dming: "messaging", dmed: "messaged",
    dmd: "messaged", "dm'd": "messaged", "dm'ing": "messaging"};
  var POSSESSOR = new Set("my his her their our your the client's".split(" "));
  var ASKING = new Set("ask asks asked asking called calling".split(" "));
  var QUESTION = new Set("how if whether about what where why".split(" "));
  var TELL = new Set("tell telling told".split(" "));
  var THIRD_PERSON = new Set("he she they him her them his their he's she's they're".split(" "));
  var NOT_MINE = new Set("his her their client's".split(" "));
  function pv(w) { return Object.prototype.hasOwnProperty.call(PLATFORM_VERBS, w); }
  function anyIn(set, list) {
    for (var i = 0; i < list.length; i++) if (set.has(list[i])) return true;
    return false;
  }

  E.foldPlatforms = function (text) {
    var platforms = this.lx.w.platforms;
    var ws = words(text);
    if (!(anyIn(platforms, ws) || ws.some(pv))) return text;
    return ws.map(function (w) {
      return platforms.has(w) ? "social media" : (pv(w) ? PLATFORM_VERBS[w] : w);
    }).join(" ");
  };
  function actor(lx, tokens, i) {
    for (var j = i - 1; j > Math.max(-1, i - 13); j--) {
      var w = tokens[j];
      if (w.endsWith("'s")) continue;
      if (lx.w.peer_subject.has(w)) return "peer";
      if (lx.w.served.has(w)) return "served";
      if (lx.w.colleague.has(w)) return "colleague";
      if (lx.w.family.has(w) || lx.w.outsider.has(w) || lx.w.other_subject.has(w)) return "other";
    }
    return "peer";
  }
  function label(labels, text) { if (labels.indexOf(text) < 0) labels.push(text); }
  function after(tokens, word, following) {
    for (var i = 0; i < tokens.length; i++) {
      if (tokens[i] === word && i + 1 < tokens.length && following.has(tokens[i + 1])) return true;
    }
    return false;
  }
  function at(list, i) { return i < 0 ? list[list.length + i] : list[i]; }

  function normalise(lx, tokens) {
    var out = [], i = 0;
    while (i < tokens.length) {
      var w = tokens[i];
      var nxt = tokens.slice(i + 1, i + 4);
      var relative = nxt.length > 0 && (nxt[0] === "that" || nxt[0] === "who" || nxt[0] === "whom");
      if (lx.w.served_nouns.has(w) || (relative && !lx.roles.has(w))) {
        var k = 1 + (relative ? 1 : 0);
        if (tokens[i + k] === "i" || tokens[i + k] === "we") {
          k += 1;
          var former = tokens[i + k] === "used" && tokens[i + k + 1] === "to";
          k += former ? 2 : 0;
          if (i + k < tokens.length && lx.w.serving.has(tokens[i + k])) {
            if (former) out.push("former", "client"); else out.push("client");
            i += k + 1 + (tokens[i + k] === "work" && tokens[i + k + 1] === "with" ? 1 : 0);
            continue;
          }
        }
      }
      if (w === "assigned" && nxt[0] === "to" && (nxt[1] === "me" || nxt[1] === "us")) {
        out.push("client"); i += 3; continue;
      }
      if (w === "my" && (nxt[0] === "group" || nxt[0] === "caseload")) {
        out.push("client"); i += 2; continue;
      }
      if ((w === "hit" || w === "hits" || w === "hitting") && nxt[0] === "on") {
        out.push("flirting", "with"); i += 2; continue;
      }
      if ((w === "end" || w === "ends" || w === "ended" || w === "ending") && nxt.length &&
          ["his", "her", "their", "my"].indexOf(nxt[0]) >= 0) {
        var rest = nxt.slice(1, 3);
        if (rest[0] === "life" || eqList(rest, ["own", "life"])) {
          out.push("suicide");
          i += 3 + (rest[0] === "own" ? 1 : 0);
          continue;
        }
      }
      out.push(w);
      i += 1;
    }
    return out;
  }

  function passesOn(lx, tokens, bare) {
    function third(i) {
      var w = bare[i];
      if (lx.w.family.has(w)) {
        var prev = at(tokens, i - 1);
        return (i > 0 && POSSESSOR.has(prev)) || prev.endsWith("'s");
      }
      return lx.w.colleague.has(w) || lx.w.outsider.has(w) || lx.w.online.has(w);
    }
    for (var i = 0; i < bare.length; i++) {
      var w = bare[i], j;
      if (lx.w.telling.has(w)) {
        var aft = bare.slice(i + 1, i + 7);
        if (aft.length && (aft[0] === "me" || aft[0] === "us")) continue;  // told the peer
        if (TELL.has(w) && anyIn(lx.w.served, tokens.slice(i + 1, i + 3))) continue;
        for (j = i + 1; j < Math.min(bare.length, i + 7); j++) if (third(j)) return true;
      }
      var wantsToKnow = w === "know" && i >= 2 &&
        ["want", "wants", "wanted"].indexOf(bare[i - 2]) >= 0;
      if (ASKING.has(w) || wantsToKnow) {
        if (w !== "know" && !anyIn(QUESTION, bare.slice(i + 1, i + 4)) &&
            !eqList(bare.slice(i + 1, i + 3), ["to", "ask"])) continue;
        for (j = Math.max(0, i - 4); j < i; j++) {
          if (third(j) && !lx.w.online.has(bare[j])) return true;
        }
      }
    }
    return false;
  }
  function disclosesOwn(lx, bare) {
    for (var i = 0; i < bare.length; i++) {
      if (!lx.w.disclosing.has(bare[i])) continue;
      var near = bare.slice(Math.max(0, i - 3), i + 7);
      for (var j = 0; j < near.length - 1; j++) {
        var x = near[j];
        if ((x === "my" && !lx.roles.has(near[j + 1])) ||
            (x === "i" && lx.w.own_acts.has(near[j + 1]))) return true;
      }
    }
    return false;
  }
  function myRelation(lx, tokens) {
    for (var i = 0; i < tokens.length; i++) {
      var w = tokens[i];
      if ((lx.w.family.has(w) || w === "friend" || w === "friends") &&
          tokens.slice(Math.max(0, i - 3), i).indexOf("my") >= 0) {
        var between = tokens.slice(tokens.indexOf("my", Math.max(0, i - 3)) + 1, i);
        if (!anyIn(lx.w.served, between)) return true;
      }
    }
    return false;
  }

  E.readFrame = function (text) {
    var lx = this.lx, W = lx.w, T = lx.topic;
    text = this.foldPlatforms(text);
    var tokens = normalise(lx, tokensOf(text));
    var low = tokens.join(" ");
    var bare = tokens.map(function (t) { return t.endsWith("'s") ? t.slice(0, -2) : t; });
    var present = new Set(bare);
    var boost = new Map(), damp = new Map(), labels = [], covered = true;
    var served = anyIn(W.served, bare);
    var implied = !served && anyIn(THIRD_PERSON, bare) && !anyIn(W.colleague, bare);
    var harmByOther = false;
    var acts = union(W.harm, W.threat, W.substance, W.prejudice);
    for (var i = 0; i < tokens.length; i++) {
      var w = tokens[i];
      if (!acts.has(w)) continue;
      var who = actor(lx, tokens, i);
      if (who === "peer") continue;
      if (W.substance.has(w) && who === "colleague") {
        boost.set(T.safety, 0.5);
        label(labels, "a colleague's substance use (the codes bind each peer for " +
              "their own use; none says what a coworker must do)");
      } else if (W.substance.has(w)) {
        damp.set(T["own-substance"], 0.25);
        label(labels, "someone else's substance use (the codes speak to the peer's own)");
        covered = false;
      } else if (W.prejudice.has(w)) {
        damp.set(T["own-prejudice"], 0.25);
        label(labels, "someone else's prejudice (the codes speak to the peer's own)");
        covered = false;
      } else if (W.threat.has(w)) {
        var next2 = tokens.slice(i + 1, i + 3);
        if (next2.indexOf("me") >= 0 || next2.indexOf("us") >= 0) {
          damp.set(T["own-coercion"], 0.25);
          boost.set(T.safety, 1.0);
          label(labels, "a threat to the peer");
        }
      } else {
        harmByOther = true;
        damp.set(T["own-coercion"], 0.25);
        damp.set(T["own-romance"], 0.25);
        boost.set(T.duty, 0.6);
        label(labels, "harm by someone else (duty to warn or report)");
      }
    }
    if ((served || implied) && passesOn(lx, tokens, bare)) {
      boost.set(T.confidentiality, 1.0);
      label(labels, "passing information about the person served to a third party");
    }
    if (served && !boost.has(T.confidentiality) && disclosesOwn(lx, bare)) {
      boost.set(T["own-story"], 0.7);
      label(labels, "telling the person served about the peer's own life");
    }
    var tie = bare.some(function (w, i) {
      return W.tie_strong.has(w) && (i === 0 || !NOT_MINE.has(tokens[i - 1])) &&
        (served || implied || w === "sponsor" || w === "sponsee");
    }) || after(tokens, "same", W.same) || after(tokens, "stay", new Set(["at", "with"])) ||
      (served && anyIn(W.tie, bare)) || (served && myRelation(lx, bare));
    if (tie && !harmByOther && !boost.has(T.confidentiality)) {
      boost.set(T["second-role"], 1.0);
      label(labels, "a second relationship with the person served");
    }
    var contact = bare.some(function (w, i) {
      if (!W.contact.has(w)) return false;
      var near = bare.slice(Math.max(0, i - 2), i + 3);
      return near.indexOf("me") >= 0 || near.indexOf("my") >= 0;
    }) || low.indexOf("my social media") >= 0;
    if (served && contact && !harmByOther && !boost.has(T.confidentiality)) {
      var prev = boost.has(T["second-role"]) ? boost.get(T["second-role"]) : 0.0;
      boost.set(T["second-role"], Math.max(prev, 0.5));
      boost.set(T["work-hours"], 0.5);
      label(labels, "personal contact with the person served");
    }
    var subject = [];
    if (!labels.length && (anyIn(W.uncovered, bare) ||
        (low.indexOf("social media") >= 0 && this.contentWords(low).length <= 3))) {
      covered = false;
      var pool = union(W.uncovered, new Set(["social", "media"]));
      subject = Array.from(present).filter(function (x) { return pool.has(x); }).sort();
      label(labels, "a subject none of the bundled codes has a principle on");
    }
    return {boost: boost, damp: damp, labels: labels, covered: covered, text: text,
            subject: subject};
  };

  /* search_reader.py */
  E.features = function (text) {
    var seq = words(text).map(stem);
    var out = new Set(seq);
    for (var i = 0; i + 1 < seq.length; i++) out.add(seq[i] + " " + seq[i + 1]);
    return Array.from(out);
  };
  E.probabilities = function (feats) {
    var r = this.reader, classes = r.classes;
    if (!classes.length) return new Map();
    var z = r.bias.slice();
    for (var i = 0; i < feats.length; i++) {
      var row = r.weights.get(feats[i]);
      if (!row) continue;
      var cells = row.split(",");
      for (var k = 0; k < cells.length; k += 2) {
        z[Number(cells[k])] += Number(cells[k + 1]) / r.scale;
      }
    }
    var out = new Map();
    classes.forEach(function (c, j) {
      out.set(c, 1.0 / (1.0 + Math.exp(-Math.max(-30.0, Math.min(30.0, z[j])))));
    });
    return out;
  };

  /* search_topics.py */
  E.learned = function (query, q) {
    if (!this.reader.classes.length) return new Map();
    var text = sliceChars(query, this.T.max_query_chars_limit);
    if (q.corrections.size) {
      text = words(text).map(function (w) {
        return q.corrections.has(w) ? q.corrections.get(w) : w;
      }).join(" ");
    }
    return this.probabilities(this.features(text).slice(0, this.T.max_query_words_limit * 4));
  };
  E.readsAsNone = function (probs) {
    var p = probs.has("none") ? probs.get("none") : 0.0, best = 0.0;
    probs.forEach(function (v, t) { if (t !== "none" && v > best) best = v; });
    return p >= this.T.reader_none_threshold ||
      (p >= this.T.reader_none_lead_threshold && p > best);
  };
  E.topicScores = function (q) {
    var T = this.T, idf = this.topicIdf, self = this;
    var n = this.topicTerms.length;
    var scores = new Array(n).fill(0.0), why = [];
    for (var t = 0; t < n; t++) why.push([]);
    this.topicTerms.forEach(function (terms, t) {
      q.stems.forEach(function (s) {
        var w = terms.get(s);
        if (w) {
          scores[t] += w * idf.get(s) * (q.weights.has(s) ? q.weights.get(s) : 1.0);
          why[t].push(s);
        }
      });
    });
    var folded = q.folded, found = new Set();
    q.sequence.forEach(function (first, i) {
      var entries = self.phrases.get(first) || [];
      entries.forEach(function (e) {
        var t = e[0], seq = e[1], phrase = e[2];
        var key = t + "\u0001" + seq.join(" ");
        if (found.has(key) || !eqList(folded.slice(i + 1, i + seq.length), seq.slice(1))) return;
        found.add(key);
        var content = self.stems(phrase), rarity;
        if (content.length) {
          rarity = 0;
          content.forEach(function (s) { rarity += idf.has(s) ? idf.get(s) : 0.0; });
        } else rarity = T.function_phrase_weight;
        scores[t] += T.phrase_weight * rarity * (1 + T.phrase_length_factor * (seq.length - 1));
        why[t].push('"' + phrase + '"');
      });
    });
    if (T.word_pair_weight) {
      Array.from(new Set(this.wordPairs(folded))).forEach(function (pair) {
        var topics = self.pairs.get(pair);
        if (!topics || !topics.length) return;
        var rarity = Math.log(1 + (n - topics.length + 0.5) / (topics.length + 0.5));
        topics.forEach(function (t) {
          scores[t] += T.word_pair_weight * rarity;
          why[t].push('"' + pair + '"');
        });
      });
    }
    return {scores: scores, why: why};
  };
  E.applyReader = function (probs, scores, why) {
    if (!probs.size) return;
    var T = this.T, unit = Math.max(maxOf(scores), T.reader_floor_weight);
    this.topicIds.forEach(function (tid, t) {
      var p = probs.has(tid) ? probs.get(tid) : 0.0;
      if (p >= T.reader_min_probability_threshold) {
        scores[t] += T.reader_weight * p * unit;
        why[t].push("learned " + Math.round(p * 100) + "%");
      }
    });
  };
  function maxOf(list) {
    var best = -Infinity;
    for (var i = 0; i < list.length; i++) if (list[i] > best) best = list[i];
    return list.length ? best : 0.0;
  }
  E.applyFrame = function (frame, scores) {
    var pos = this.topicPos, T = this.T;
    frame.damp.forEach(function (factor, tid) {
      if (pos.has(tid)) scores[pos.get(tid)] *= factor;
    });
    var unit = Math.max(maxOf(scores), T.frame_floor_weight);
    frame.boost.forEach(function (share, tid) {
      if (pos.has(tid)) scores[pos.get(tid)] += T.frame_weight * share * unit;
    });
  };
  E.relatedScores = function (scores) {
    var r = new Array(scores.length).fill(0.0), from = new Array(scores.length).fill(null);
    var share = this.T.related_topic_factor, related = this.related;
    scores.forEach(function (score, u) {
      if (score > 0) {
        related[u].forEach(function (t) {
          if (share * score > r[t]) { r[t] = share * score; from[t] = u; }
        });
      }
    });
    return {related: r, from: from};
  };
  E.topicEvidence = function (q, frame, probs) {
    var ts = this.topicScores(q);
    this.applyReader(probs, ts.scores, ts.why);
    this.applyFrame(frame, ts.scores);
    var rel = this.relatedScores(ts.scores);
    return {scores: ts.scores, why: ts.why, related: rel.related, relatedFrom: rel.from};
  };
  E.silentCodes = function (scores, allowed) {
    var best = maxOf(scores), self = this;
    if (!allowed || best <= 0) return "";
    var top = scores.indexOf(best);
    for (var d = 0; d < this.docTopics.length; d++) {
      if (allowed.has(this.docCodes[d]) && this.docTopics[d].indexOf(top) >= 0) return "";
    }
    var names = Array.from(allowed).sort();
    return names.join(", ") + " " + (names.length === 1 ? "has" : "have") +
      " no principle on " + self.topicIds[top];
  };
  E.readingLine = function (frame, scores, direct, silent) {
    var best = maxOf(scores), idx = [];
    for (var i = 0; i < scores.length; i++) {
      if (scores[i] > 0 && scores[i] >= 0.5 * best) idx.push(i);
    }
    idx.sort(function (a, b) { return scores[b] - scores[a]; });
    var top = idx.slice(0, 2), parts = frame.labels.slice(), self = this;
    if (silent) parts.push(silent);
    if (!direct) parts.push("no principle speaks to this directly");
    if (top.length) {
      parts.push((direct ? "topics " : "nearest topic ") +
                 top.map(function (t) { return self.topicIds[t]; }).join(", "));
    }
    return parts.join("; ");
  };

  /* search_ranking.py */
  E.bm25 = function (field, weights) {
    var postings = this.fields.get(field), lens = this.lengths[field], n = this.nDocs();
    var T = this.T, self = this;
    var total = 0;
    for (var i = 0; i < lens.length; i++) total += lens[i];
    var avg = n ? total / n : 1.0;
    avg = avg || 1.0;
    var k1 = T.bm25_k1_factor, b = T.bm25_b_factor, otherSense = T.other_sense_factor;
    var scores = new Map(), hits = new Map();
    weights.forEach(function (weight, s) {
      var flat = postings.get(s);
      if (!flat || !flat.length) return;
      var np = flat.length / 2;
      var idf = weight * Math.log(1 + (n - np + 0.5) / (np + 0.5));
      var senses = self.strong.get(s);
      for (var k = 0; k < flat.length; k += 2) {
        var doc = flat[k], tf = flat[k + 1];
        var denom = tf + k1 * (1 - b + b * lens[doc] / avg);
        var gain = idf * tf * (k1 + 1) / denom;
        if (senses && senses.length && !self.docTopics[doc].some(function (t) {
          return senses.indexOf(t) >= 0;
        })) gain *= otherSense;
        scores.set(doc, (scores.has(doc) ? scores.get(doc) : 0.0) + gain);
        if (!hits.has(doc)) hits.set(doc, []);
        hits.get(doc).push(s);
      }
    });
    return {scores: scores, hits: hits};
  };
  E.topical = function (topics, tScores, rScores) {
    var T = this.T, direct = 0.0, related = 0.0, via = null;
    for (var rank = 0; rank < topics.length; rank++) {
      var t = topics[rank];
      var weight = rank === 0 ? T.topic_weight : T.topic_weight * T.secondary_topic_factor;
      direct += weight * tScores[t];
      if (weight * rScores[t] > related) { related = weight * rScores[t]; via = t; }
    }
    return [direct, related, via];
  };
  E.otherSense = function (s, doc) {
    var senses = this.strong.get(s) || [];
    return senses.length > 0 && !this.docTopics[doc].some(function (t) {
      return senses.indexOf(t) >= 0;
    });
  };
  E.scores = function (q, frame, parts, ev, allowed) {
    var T = this.T, self = this;
    var long = q.words.length >= T.long_query_words_threshold ? T.long_query_text_factor : 1.0;
    var weights = {text: T.text_weight * long, importance: T.importance_weight * long,
                   key_terms: T.key_terms_weight * long};
    var damped = new Map();
    frame.damp.forEach(function (f, t) { if (self.topicPos.has(t)) damped.set(self.topicPos.get(t), f); });
    var candidates = new Set(), names = ["text", "importance", "key_terms"];
    names.forEach(function (name) { parts[name].scores.forEach(function (_, d) { candidates.add(d); }); });
    var topicHit = new Set();
    ev.scores.forEach(function (s, t) { if (s > 0) topicHit.add(t); });
    ev.related.forEach(function (s, t) { if (s > 0) topicHit.add(t); });
    if (topicHit.size) {
      this.docTopics.forEach(function (ts, d) {
        if (ts.some(function (t) { return topicHit.has(t); })) candidates.add(d);
      });
    }
    var results = [], best = 0.0;
    candidates.forEach(function (doc) {
      var total = 0;
      names.forEach(function (name) {
        var sc = parts[name].scores;
        if (sc.has(doc)) total += weights[name] * sc.get(doc);
      });
      var tp = self.topical(self.docTopics[doc], ev.scores, ev.related);
      total += Math.max(tp[0], tp[1]);
      var dt = self.docTopics[doc];
      if (damped.size && dt.length && damped.has(dt[0])) total *= damped.get(dt[0]);
      best = Math.max(best, total);
      if (total > 0 && (!allowed || allowed.has(self.docCodes[doc]))) results.push([total, doc]);
    });
    return this.literalLead(q, parts, results, best);
  };
  E.literalLead = function (q, parts, results, best) {
    var T = this.T, self = this, own = [];
    q.weights.forEach(function (w, s) { if (w === 1.0) own.push(s); });
    var worded = new Set();
    if (own.length > 0 && own.length <= T.max_literal_query_words_limit) {
      parts.text.hits.forEach(function (found, d) {
        if (own.every(function (s) { return found.indexOf(s) >= 0; })) worded.add(d);
      });
    }
    var literal = new Set();
    worded.forEach(function (d) {
      if (!(own.length === 1 && self.otherSense(own[0], d))) literal.add(d);
    });
    if (literal.size && literal.size < results.length) {
      var editorial = 0.0, seen = false;
      results.forEach(function (r) {
        if (!literal.has(r[1])) { editorial = seen ? Math.max(editorial, r[0]) : r[0]; seen = true; }
      });
      var lift = editorial * T.literal_lead_factor;
      results = results.map(function (r) {
        return literal.has(r[1]) ? [Math.max(r[0], lift), r[1]] : r;
      });
      best = Math.max(best, lift);
    }
    return {results: results, best: best, worded: worded};
  };
  function keepTies(ranked, limit, score) {
    if (limit === null || limit === undefined || limit >= ranked.length) return ranked;
    var cut = round(score(ranked[limit - 1]), 9), keep = limit;
    while (keep < Math.min(ranked.length, 2 * limit) && round(score(ranked[keep]), 9) === cut) {
      keep += 1;
    }
    return ranked.slice(0, keep);
  }
  E.read = function (query) {
    var frame = this.readFrame(sliceChars(query, this.T.max_query_chars_limit));
    var q = this.understand(frame.text);
    if (q.corrections.size) {
      var meant = words(frame.text).map(function (w) {
        return q.corrections.has(w) ? q.corrections.get(w) : w;
      }).join(" ");
      frame = this.readFrame(meant);
      if (frame.text !== meant) {
        var again = this.understand(frame.text);
        again.corrections = q.corrections;
        q = again;
      }
    }
    return {frame: frame, q: q};
  };
  E.plainWordSearch = function (query, codes, limit) {
    var wanted = new Set(words(sliceChars(query, this.T.max_query_chars_limit))
      .slice(0, this.T.max_query_words_limit));
    if (!wanted.size) return [];
    var hits = [];
    for (var d = 0; d < this.docCodes.length; d++) {
      if (codes && !codes.has(this.docCodes[d])) continue;
      var found = words(this.docTexts[d]).filter(function (w) { return wanted.has(w); });
      if (found.length) {
        hits.push({doc: d, score: round(new Set(found).size + 0.01 * found.length, 4)});
      }
    }
    hits.sort(function (a, b) { return b.score - a.score; });
    return keepTies(hits, limit, function (h) { return h.score; });
  };
  E.hit = function (doc, score, rank, reading, direct, weak, corrections) {
    var id = this.docCodes[doc] + "-" + this.docNumbers[doc];
    return {id: id, code: this.docCodes[doc], number: this.docNumbers[doc], score: score,
            rank: rank, reading: reading, direct: direct, weak: weak,
            corrections: corrections};
  };

  /* search(): the same steps as search_ranking.search, returning plain records. */
  E.search = function (query, options) {
    options = options || {};
    var limit = options.limit === undefined ? 10 : options.limit;
    var codes = options.codes && options.codes.length ? options.codes : null;
    var T = this.T, self = this;
    if (typeof query !== "string" || !query.trim()) return [];
    var r = this.read(query), frame = r.frame, q = r.q;
    var probs = this.learned(query, q);
    var noneRead = this.readsAsNone(probs);
    var anyTopic = this.topicScores(q).scores.some(function (s) { return s > 0; });
    var anyProb = false;
    probs.forEach(function (p, t) { if (t !== "none" && p >= T.reader_none_threshold) anyProb = true; });
    var corrections = Array.from(q.corrections.entries());
    if (!q.stems.length && !anyTopic && !anyProb) {
      var plain = this.plainWordSearch(query, codes ? new Set(codes) : null, limit);
      var line = noneRead ? "no principle speaks to this directly" : "";
      return plain.map(function (h, i) {
        return self.hit(h.doc, h.score, i + 1, line, !noneRead, noneRead, corrections);
      });
    }
    var parts = {};
    ["text", "importance", "key_terms"].forEach(function (name) {
      parts[name] = self.bm25(name, q.weights);
    });
    var ev = this.topicEvidence(q, frame, probs);
    var allowed = codes ? new Set(codes) : null;
    var sc = this.scores(q, frame, parts, ev, allowed);
    var best = sc.best;
    var results = sc.results.filter(function (x) {
      return x[0] >= T.min_relative_score_threshold * best || sc.worded.has(x[1]);
    });
    if (!results.length) return [];
    results.sort(function (a, b) {
      return round(b[0], 9) - round(a[0], 9) ||
        self.codeOrder.get(self.docCodes[a[1]]) - self.codeOrder.get(self.docCodes[b[1]]) ||
        self.docNumbers[a[1]] - self.docNumbers[b[1]];
    });
    results = keepTies(results, limit, function (x) { return x[0]; });
    var topText = new Set(parts.text.hits.get(results[0][1]) || []);
    var subjectStems = this.stems(frame.subject.join(" "));
    var direct = !noneRead && !(frame.subject.length &&
      !subjectStems.some(function (s) { return topText.has(s); }));
    var silent = direct ? this.silentCodes(ev.scores, allowed) : "";
    var reading = this.readingLine(frame, ev.scores, direct, silent);
    direct = direct && !silent;
    return results.map(function (x, i) {
      return self.hit(x[1], round(x[0], 4), i + 1, reading, direct,
                      !direct || x[0] < T.weak_relative_score_threshold * best, corrections);
    });
  };

  var api = {Engine: Engine, words: words, stem: stem, jaroWinkler: jaroWinkler, ratio: ratio};
  if (typeof module === "object" && module.exports) module.exports = api;
  else root.PeerSearch = api;
})(this);
