#include "emit/models_ts_updater.hpp"

#include <algorithm>
#include <array>
#include <tuple>

#include "emit/ts_string.hpp"

namespace hfmi {
namespace {

// ------------------------------------------------------------------------------------------- lexer

enum class TokenKind { kOpen, kClose, kPunct, kWord, kString, kTemplate, kRegex };

struct Token {
  TokenKind kind;
  size_t begin;
  size_t end;
  size_t depth;         // bracket depth outside this token (an opener and its closer share it)
  size_t match = 0;     // for kOpen/kClose: index of the partner token
};

// A frame of the lexer's explicit stack: a bracket, a template literal's text, or a `${` inside one.
struct Frame {
  char kind;            // '(' '[' '{' for brackets, '`' template text, '$' template substitution
  size_t pos;           // where it was opened
  size_t token = 0;     // index of the kOpen token (brackets outside templates)
};

constexpr std::array<std::array<char, 2>, 3> kBracketPairs = {{{'(', ')'}, {'[', ']'}, {'{', '}'}}};

char closer_for(char opener) {
  for (const auto& p : kBracketPairs)
    if (p[0] == opener) return p[1];
  return 0;
}

bool is_word_byte(unsigned char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' || c == '$' ||
         c >= 0x80;
}

bool is_space(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\v' || c == '\f'; }

// U+2028 / U+2029 (E2 80 A8 / E2 80 A9) end a // comment, as in the TypeScript scanner.
bool is_unicode_line_break(std::string_view t, size_t i) {
  return i + 2 < t.size() && static_cast<unsigned char>(t[i]) == 0xE2 && static_cast<unsigned char>(t[i + 1]) == 0x80 &&
         (static_cast<unsigned char>(t[i + 2]) == 0xA8 || static_cast<unsigned char>(t[i + 2]) == 0xA9);
}

std::string line_col(std::string_view text, size_t pos) {
  size_t line = 1, col = 1;
  for (size_t i = 0; i < pos && i < text.size(); ++i) {
    if (text[i] == '\n' || (text[i] == '\r' && (i + 1 >= text.size() || text[i + 1] != '\n'))) {
      ++line;
      col = 1;
    } else {
      ++col;
    }
  }
  return std::to_string(line) + ":" + std::to_string(col);
}

Error scan_error(std::string_view text, size_t pos, const std::string& what) {
  return make_error(codes::kBadModelsTs, "models.ts " + line_col(text, pos) + ": " + what);
}

// Words after which a `/` starts a regular expression, not a division.
bool is_keyword_before_expression(std::string_view w) {
  for (const char* k : {"return", "typeof", "instanceof", "in", "of", "new", "delete", "void", "throw", "case", "do",
                        "else", "yield", "await", "satisfies", "as"}) {
    if (w == k) return true;
  }
  return false;
}

bool is_line_break(char c) { return c == '\n' || c == '\r'; }

// One past the end of the regular-expression literal starting at text[start] == '/' (flags included),
// or npos when a line ends first.
size_t regex_literal_end(std::string_view text, size_t start) {
  bool in_class = false;
  size_t i = start + 1;
  while (i < text.size() && !is_line_break(text[i])) {
    const char c = text[i];
    if (c == '\\') {
      i += 2;
      continue;
    }
    if (c == '[') in_class = true;
    if (c == ']') in_class = false;
    if (c == '/' && !in_class) {
      ++i;
      while (i < text.size() && is_word_byte(static_cast<unsigned char>(text[i]))) ++i;
      return i;
    }
    ++i;
  }
  return std::string_view::npos;
}

std::string describe_bracket(char c) { return std::string("'") + c + "'"; }

// Tokenizes `text` into the tokens that lie outside template literals (a whole template literal is
// one kTemplate token). Iterative: nesting depth is bounded by kMaxModelsTsNesting, not by the stack.
Result<std::vector<Token>> tokenize(std::string_view text) {
  std::vector<Token> tokens;
  tokens.reserve(text.size() / 4 + 16);  // a real models.ts has about one token per 4.5 bytes
  std::vector<Frame> stack;
  size_t template_frames = 0;  // '`' and '$' frames on the stack
  size_t template_begin = 0;   // start of the outermost template literal
  size_t depth = 0;            // bracket frames outside templates
  bool after_operand = false;  // the last token ends an operand: a `/` now divides
  const size_t n = text.size();
  size_t i = 0;
  auto push = [&](Frame f) -> bool {
    if (stack.size() >= kMaxModelsTsNesting) return false;
    stack.push_back(f);
    return true;
  };
  const std::string too_deep = "nesting deeper than " + std::to_string(kMaxModelsTsNesting) + " levels (kMaxModelsTsNesting)";
  while (i < n) {
    if (!stack.empty() && stack.back().kind == '`') {  // template literal text
      const char c = text[i];
      if (c == '\\') {
        i += 2;
        continue;
      }
      if (c == '`') {
        stack.pop_back();
        --template_frames;
        ++i;
        if (template_frames == 0) tokens.push_back({TokenKind::kTemplate, template_begin, i, depth});
        after_operand = true;
        continue;
      }
      if (c == '$' && i + 1 < n && text[i + 1] == '{') {
        if (!push({'$', i})) return scan_error(text, i, too_deep);
        after_operand = false;
        ++template_frames;
        i += 2;
        continue;
      }
      ++i;
      continue;
    }
    const char c = text[i];
    if (is_space(c)) {
      ++i;
      continue;
    }
    if (c == '/' && i + 1 < n && text[i + 1] == '/') {
      i += 2;
      while (i < n && text[i] != '\n' && text[i] != '\r' && !is_unicode_line_break(text, i)) ++i;
      continue;
    }
    if (c == '/' && i + 1 < n && text[i + 1] == '*') {
      const size_t close = text.find("*/", i + 2);
      if (close == std::string_view::npos) return scan_error(text, i, "unterminated /* comment");
      i = close + 2;
      continue;
    }
    if (c == '/' && !after_operand) {
      const size_t end = regex_literal_end(text, i);
      if (end == std::string_view::npos) return scan_error(text, i, "unterminated regular expression literal");
      if (template_frames == 0) tokens.push_back({TokenKind::kRegex, i, end, depth});
      i = end;
      after_operand = true;
      continue;
    }
    if (c == '"' || c == '\'') {
      const size_t start = i;
      ++i;
      while (true) {
        if (i >= n) return scan_error(text, start, "unterminated string literal");
        const char s = text[i];
        if (s == c) {
          ++i;
          break;
        }
        if (s == '\n' || s == '\r') return scan_error(text, start, "unterminated string literal (line break)");
        if (s == '\\') {
          if (i + 2 < n && text[i + 1] == '\r' && text[i + 2] == '\n') {
            i += 3;
          } else {
            i += 2;
          }
          continue;
        }
        ++i;
      }
      if (template_frames == 0) tokens.push_back({TokenKind::kString, start, i, depth});
      after_operand = true;
      continue;
    }
    if (c == '`') {
      if (template_frames == 0) template_begin = i;
      if (!push({'`', i})) return scan_error(text, i, too_deep);
      ++template_frames;
      ++i;
      continue;
    }
    if (c == '(' || c == '[' || c == '{') {
      Frame f{c, i};
      if (template_frames == 0) {
        f.token = tokens.size();
        tokens.push_back({TokenKind::kOpen, i, i + 1, depth});
        ++depth;
      }
      if (!push(f)) return scan_error(text, i, too_deep);
      after_operand = false;
      ++i;
      continue;
    }
    if (c == ')' || c == ']' || c == '}') {
      if (stack.empty()) return scan_error(text, i, "unbalanced " + describe_bracket(c) + " with nothing open");
      const Frame top = stack.back();
      if (top.kind == '$') {
        if (c != '}') return scan_error(text, i, "unbalanced " + describe_bracket(c) + " inside a ${...} substitution");
        stack.pop_back();
        --template_frames;
        after_operand = false;  // back in the template's text
        ++i;
        continue;
      }
      if (closer_for(top.kind) != c) {
        return scan_error(text, i,
                          "mismatched " + describe_bracket(c) + ": " + describe_bracket(top.kind) + " opened at " +
                              line_col(text, top.pos) + " is still open");
      }
      stack.pop_back();
      if (template_frames == 0) {
        --depth;
        tokens[top.token].match = tokens.size();
        tokens.push_back({TokenKind::kClose, i, i + 1, depth, top.token});
      }
      after_operand = true;
      ++i;
      continue;
    }
    if (is_word_byte(static_cast<unsigned char>(c))) {
      const size_t start = i;
      while (i < n && is_word_byte(static_cast<unsigned char>(text[i]))) ++i;
      if (template_frames == 0) tokens.push_back({TokenKind::kWord, start, i, depth});
      after_operand = !is_keyword_before_expression(text.substr(start, i - start));
      continue;
    }
    if (template_frames == 0) tokens.push_back({TokenKind::kPunct, i, i + 1, depth});
    // `x++ / 2` and `x-- / 2` divide; any other punctuator starts an expression.
    after_operand = (c == '+' || c == '-') && i > 0 && text[i - 1] == c && after_operand;
    ++i;
  }
  if (!stack.empty()) {
    const Frame& top = stack.back();
    if (top.kind == '`') return scan_error(text, top.pos, "unterminated template literal");
    if (top.kind == '$') return scan_error(text, top.pos, "unterminated ${...} substitution");
    return scan_error(text, top.pos, "unbalanced " + describe_bracket(top.kind) + " is never closed");
  }
  return tokens;
}

// ------------------------------------------------------------------------------------- structure

std::string_view token_text(std::string_view text, const Token& t) { return text.substr(t.begin, t.end - t.begin); }

bool is_punct(std::string_view text, const Token& t, char c) {
  return t.kind == TokenKind::kPunct && text[t.begin] == c;
}

bool is_word(std::string_view text, const Token& t, std::string_view w) {
  return t.kind == TokenKind::kWord && token_text(text, t) == w;
}

// The value of a property key token: a bare word or a constant string literal.
std::optional<std::string> key_name(std::string_view text, const Token& t) {
  if (t.kind == TokenKind::kWord) return std::string(token_text(text, t));
  if (t.kind == TokenKind::kString || t.kind == TokenKind::kTemplate) {
    auto decoded = decode_ts_string_literal(token_text(text, t));
    if (decoded.ok()) return decoded.value();
  }
  return std::nullopt;
}

// For the object literal tokens[open..close]: the token index of each `key:` property value at the
// object's own depth, as (key, value token index) pairs.
std::vector<std::pair<std::string, size_t>> object_properties(std::string_view text, const std::vector<Token>& tokens,
                                                              size_t open) {
  std::vector<std::pair<std::string, size_t>> props;
  const size_t close = tokens[open].match;
  const size_t inner = tokens[open].depth + 1;
  bool at_property_start = true;
  for (size_t k = open + 1; k < close; ++k) {
    const Token& t = tokens[k];
    if (t.depth != inner) continue;
    if (is_punct(text, t, ',')) {
      at_property_start = true;
      continue;
    }
    if (at_property_start && k + 2 <= close && tokens[k + 1].depth == inner && is_punct(text, tokens[k + 1], ':')) {
      if (auto key = key_name(text, t)) props.emplace_back(*key, k + 2);
    }
    if (t.kind == TokenKind::kOpen) {
      k = t.match;  // skip the nested value; its tokens are deeper anyway
    }
    at_property_start = false;
  }
  return props;
}

// The `id`, `name` and `description` of the entry at tokens[open]: decoded when the value is one plain
// '...' or "..." literal; for an `id` that is anything else, what it is (the last property wins, as in JS).
void read_entry_fields(std::string_view text, const std::vector<Token>& tokens, size_t open, ModelsTsEntrySpan& span) {
  for (const auto& [key, value] : object_properties(text, tokens, open)) {
    if (value >= tokens[open].match || (key != "id" && key != "name" && key != "description")) continue;
    const Token& v = tokens[value];
    const Token& after = tokens[value + 1];
    const bool whole = after.kind == TokenKind::kClose || is_punct(text, after, ',');  // not `"a" + x`
    std::optional<std::string> plain;
    if (whole && v.kind == TokenKind::kString) {
      auto decoded = decode_ts_string_literal(token_text(text, v));
      if (decoded.ok()) plain = decoded.value();
    }
    if (key == "name") {
      span.name = plain;
      span.has_name = true;
    }
    if (key == "description") {
      span.description = plain;
      span.has_description = true;
    }
    if (key != "id") continue;
    span.id = plain;
    span.id_problem.clear();
    span.template_id.reset();
    if (plain) continue;
    if (whole && v.kind == TokenKind::kTemplate) {
      span.id_problem = "a template literal";
      auto decoded = decode_ts_string_literal(token_text(text, v));
      if (decoded.ok()) span.template_id = decoded.value();
    } else {
      span.id_problem = "an expression";
    }
  }
}

// Leading whitespace of the line holding `pos`, if only spaces/tabs precede `pos` on that line.
std::optional<std::string> line_indent_before(std::string_view text, size_t pos) {
  size_t b = pos;
  while (b > 0 && (text[b - 1] == ' ' || text[b - 1] == '\t')) --b;
  if (b > 0 && text[b - 1] != '\n' && text[b - 1] != '\r') return std::nullopt;
  return std::string(text.substr(b, pos - b));
}

bool same_line(std::string_view text, size_t a, size_t b) {
  for (size_t i = a; i < b; ++i)
    if (text[i] == '\n' || text[i] == '\r') return false;
  return true;
}

// Fills newline, entry_indent, indent_unit and layout from the first entry that shows them.
void detect_style(std::string_view text, const std::vector<Token>& tokens, const std::vector<size_t>& entry_opens,
                  ModelsTsScan& scan) {
  const size_t first_break = text.find_first_of("\r\n");
  if (first_break != std::string_view::npos && text[first_break] == '\r') {
    scan.newline = first_break + 1 < text.size() && text[first_break + 1] == '\n' ? "\r\n" : "\r";
  }
  if (entry_opens.empty()) return;
  const Token& first = tokens[entry_opens.front()];
  const auto entry_indent = line_indent_before(text, first.begin);
  if (entry_indent) scan.entry_indent = *entry_indent;
  bool unit_found = false;
  bool layout_found = false;
  for (const auto& [key, value] : object_properties(text, tokens, entry_opens.front())) {
    const Token& prop_value = tokens[value];
    if (!unit_found && value >= 2) {
      const auto prop_indent = line_indent_before(text, tokens[value - 2].begin);
      if (prop_indent && entry_indent && prop_indent->size() > entry_indent->size() &&
          prop_indent->compare(0, entry_indent->size(), *entry_indent) == 0) {
        scan.indent_unit = prop_indent->substr(entry_indent->size());
        unit_found = true;
      }
    }
    if (!layout_found && key == "modules" && prop_value.kind == TokenKind::kOpen && text[prop_value.begin] == '{') {
      for (const auto& module : object_properties(text, tokens, value)) {
        const Token& mv = tokens[module.second];
        if (mv.kind != TokenKind::kOpen) continue;
        scan.layout = same_line(text, mv.begin, tokens[mv.match].begin) ? ModulesLayout::kOneLine
                                                                          : ModulesLayout::kExpanded;
        layout_found = true;
        break;
      }
    }
  }
  if (!unit_found && entry_indent && !entry_indent->empty()) scan.indent_unit = *entry_indent;
}

// Index of the `[` token that starts the top-level models array.
Result<size_t> find_models_array(std::string_view text, const std::vector<Token>& tokens) {
  std::optional<size_t> found;
  for (size_t k = 0; k + 1 < tokens.size(); ++k) {
    const Token& t = tokens[k];
    if (t.depth != 0 || !(is_word(text, t, "const") || is_word(text, t, "let") || is_word(text, t, "var"))) continue;
    if (!is_word(text, tokens[k + 1], "models")) continue;
    // Skip the type annotation to the `=` (not `==`, `=>`) at depth 0.
    size_t eq = k + 2;
    for (; eq < tokens.size(); ++eq) {
      const Token& e = tokens[eq];
      if (e.depth != 0) continue;
      if (is_punct(text, e, ';')) break;
      if (is_punct(text, e, '=')) {
        const char next = e.end < text.size() ? text[e.end] : '\0';
        const char prev = e.begin > 0 ? text[e.begin - 1] : '\0';
        if (next != '=' && next != '>' && prev != '=' && prev != '!' && prev != '<' && prev != '>') break;
      }
    }
    if (eq + 1 >= tokens.size() || !is_punct(text, tokens[eq], '=')) {
      return scan_error(text, tokens[k + 1].begin, "`models` is declared without an `= [` initializer");
    }
    const Token& open = tokens[eq + 1];
    if (open.kind != TokenKind::kOpen || text[open.begin] != '[') {
      return scan_error(text, open.begin, "`models` is not initialized with an array literal `[ ... ]`");
    }
    if (found) return scan_error(text, t.begin, "a second top-level `models` declaration");
    found = eq + 1;
  }
  if (!found) {
    return make_error(codes::kBadModelsTs,
                      "models.ts: no top-level `const models ... = [ ... ]` array found (is this the right file?)");
  }
  return *found;
}

}  // namespace

Result<ModelsTsScan> scan_models_ts(std::string_view text) {
  auto lexed = tokenize(text);
  if (!lexed.ok()) return lexed.error();
  const std::vector<Token>& tokens = lexed.value();
  auto array = find_models_array(text, tokens);
  if (!array.ok()) return array.error();
  const size_t open = array.value();
  const size_t close = tokens[open].match;

  ModelsTsScan scan;
  scan.array_open = tokens[open].begin;
  scan.array_close = tokens[close].begin;
  const size_t inner = tokens[open].depth + 1;
  std::vector<size_t> entry_opens;

  // Walk the elements: runs of tokens at the array's inner depth separated by commas.
  size_t element_first = 0;  // token index of the current element's first token (0 = none yet)
  size_t element_last = 0;
  bool in_element = false;
  auto finish_element = [&](bool followed_by_comma) {
    if (!in_element) return;
    const Token& first = tokens[element_first];
    if (first.kind == TokenKind::kOpen && text[first.begin] == '{' && first.match == element_last) {
      ModelsTsEntrySpan span;
      span.element_index = scan.element_count;
      span.begin = first.begin;
      span.end = tokens[element_last].end;
      read_entry_fields(text, tokens, element_first, span);
      scan.entries.push_back(std::move(span));
      entry_opens.push_back(element_first);
    }
    scan.last_element_end = tokens[element_last].end;
    scan.last_element_has_comma = followed_by_comma;
    ++scan.element_count;
    in_element = false;
  };
  for (size_t k = open + 1; k < close; ++k) {
    const Token& t = tokens[k];
    if (t.depth != inner) continue;
    if (is_punct(text, t, ',')) {
      if (!in_element) {
        return scan_error(text, t.begin, "an empty element (`,,`) in the models array");
      }
      finish_element(true);
      continue;
    }
    if (!in_element) {
      in_element = true;
      element_first = k;
    }
    element_last = (t.kind == TokenKind::kOpen) ? t.match : k;
    if (t.kind == TokenKind::kOpen) k = t.match;
  }
  finish_element(false);
  detect_style(text, tokens, entry_opens, scan);
  return scan;
}

namespace {

// Emits `entry` at nesting level 0 with the file's style, then prefixes each line after the first
// with `first_line_indent` (the caller places the first line).
Result<std::string> emit_for_file(const ModelsTsEntry& entry, const ModelsTsScan& scan,
                                  const std::string& line_indent) {
  ModelsTsFormat format;
  format.indent_unit = scan.indent_unit;
  format.newline = scan.newline;
  format.layout = scan.layout;
  // Keep the print width relative to the real indentation.
  format.print_width = std::max(20, format.print_width - static_cast<int>(line_indent.size()));
  auto emitted = emit_models_ts_entry(entry, format, 0);
  if (!emitted.ok()) return emitted.error();
  const std::string& raw = emitted.value();
  std::string out;
  out.reserve(raw.size() + 64 * line_indent.size());
  size_t pos = 0;
  while (true) {
    const size_t nl = raw.find(scan.newline, pos);
    if (nl == std::string::npos) {
      out.append(raw, pos, std::string::npos);
      break;
    }
    out.append(raw, pos, nl + scan.newline.size() - pos);
    out += line_indent;
    pos = nl + scan.newline.size();
  }
  return out;
}

std::string quoted_id(const std::string& s) { return ts_string_literal(s); }

}  // namespace

Result<ModelsTsUpdate> update_models_ts(std::string_view file_text, const ModelsTsEntry& entry, bool replace) {
  ModelsTsUpdateOptions options;
  options.replace = replace;
  return update_models_ts(file_text, entry, options, nullptr);
}

Result<ModelsTsUpdate> update_models_ts(std::string_view file_text, const ModelsTsEntry& given,
                                        const ModelsTsUpdateOptions& options, std::vector<ModelsTsKept>* kept) {
  const bool replace = options.replace;
  // Refuse a bad entry before looking at the file.
  if (auto check = emit_models_ts_entry(given, 0); !check.ok()) return check.error();
  auto scanned = scan_models_ts(file_text);
  if (!scanned.ok()) return scanned.error();
  const ModelsTsScan& scan = scanned.value();
  ModelsTsEntry entry = given;

  std::vector<const ModelsTsEntrySpan*> same_id;
  for (const auto& e : scan.entries)
    if (e.id && *e.id == entry.id) same_id.push_back(&e);
  // An entry whose id is not a plain string literal may be this model: refuse to guess.
  for (const auto& e : scan.entries) {
    if (e.id_problem.empty() || !same_id.empty()) continue;
    const bool same = e.template_id && *e.template_id == entry.id;
    if (!same && !replace) continue;
    return make_error(codes::kBadModelsTs,
                      "models[" + std::to_string(e.element_index) + "].id is " + e.id_problem +
                          ", not a plain string literal" + (same ? " (with the value " + quoted_id(entry.id) + ")" : "") +
                          ": the updater only replaces entries whose id is a plain \"...\" string, and cannot tell "
                          "whether this one is " + quoted_id(entry.id) + "; write the id as a plain string first (nothing written)",
                      "models[" + std::to_string(e.element_index) + "].id");
  }
  if (same_id.size() > 1) {
    return make_error(codes::kBadModelsTs,
                      "models.ts already has " + std::to_string(same_id.size()) + " entries with id " +
                          quoted_id(entry.id) + "; fix the file by hand first",
                      "models[" + std::to_string(same_id[1]->element_index) + "].id");
  }

  ModelsTsUpdate update;
  if (same_id.size() == 1) {
    const ModelsTsEntrySpan& old = *same_id.front();
    if (!replace) {
      return make_error(codes::kBadModelsTs, "entry with id " + quoted_id(entry.id) + " exists; use --replace",
                        "models[" + std::to_string(old.element_index) + "].id");
    }
    // A curated field that is not a plain string cannot be carried over: refuse rather than drop it.
    for (const auto& [keep, has, value, field] :
         {std::tuple{options.keep_name, old.has_name, old.name.has_value(), "name"},
          std::tuple{options.keep_description, old.has_description, old.description.has_value(), "description"}}) {
      if (keep && has && !value) {
        return make_error(codes::kBadModelsTs,
                          "models[" + std::to_string(old.element_index) + "]." + field +
                              " is not a plain string literal, so --replace cannot keep it; give --" + field +
                              " (nothing written)",
                          "models[" + std::to_string(old.element_index) + "]." + field);
      }
    }
    if (options.keep_name && old.name && !old.name->empty()) {
      entry.name = *old.name;
      if (kept) kept->push_back({"name", *old.name});
    }
    if (options.keep_description) {
      entry.description = old.description.value_or("");
      if (kept && old.description) kept->push_back({"description", *old.description});
    }
    if (auto check = emit_models_ts_entry(entry, 0); !check.ok()) return check.error();
    const std::string indent = line_indent_before(file_text, old.begin).value_or(scan.entry_indent);
    auto emitted = emit_for_file(entry, scan, indent);
    if (!emitted.ok()) return emitted.error();
    std::string body = emitted.value();
    body.pop_back();  // the emitted entry ends with "},"; the old entry's own comma (if any) stays
    update.text.reserve(file_text.size() + body.size());
    update.text.append(file_text.substr(0, old.begin));
    update.edit_begin = update.text.size();
    update.text += body;
    update.edit_end = update.text.size();
    update.text.append(file_text.substr(old.end));
    update.action = "replaced";
  } else {
    auto emitted = emit_for_file(entry, scan, scan.entry_indent);
    if (!emitted.ok()) return emitted.error();
    const std::string& body = emitted.value();
    // Insert at the start of the `]` line when only whitespace precedes `]` on it, else right at `]`.
    const size_t close = scan.array_close;
    size_t line_start = close;
    while (line_start > 0 && (file_text[line_start - 1] == ' ' || file_text[line_start - 1] == '\t')) --line_start;
    const bool own_line =
        line_start > scan.array_open + 1 && (file_text[line_start - 1] == '\n' || file_text[line_start - 1] == '\r');
    const size_t insert_at = own_line ? line_start : close;
    const std::string inserted =
        own_line ? scan.entry_indent + body + scan.newline : scan.newline + scan.entry_indent + body + scan.newline;
    const bool need_comma = scan.element_count > 0 && !scan.last_element_has_comma;
    const size_t comma_at = need_comma ? scan.last_element_end : std::string::npos;

    update.text.reserve(file_text.size() + inserted.size() + 1);
    if (need_comma) {
      update.text.append(file_text.substr(0, comma_at));
      update.comma_at = update.text.size();
      update.text += ',';
      update.text.append(file_text.substr(comma_at, insert_at - comma_at));
    } else {
      update.text.append(file_text.substr(0, insert_at));
    }
    update.edit_begin = update.text.size();
    update.text += inserted;
    update.edit_end = update.text.size();
    update.text.append(file_text.substr(insert_at));
    update.action = "inserted";
  }

  // Self-check: the new text scans, and holds exactly one entry with this id.
  auto rescanned = scan_models_ts(update.text);
  if (!rescanned.ok()) {
    return make_error(codes::kInternal, "updated models.ts does not scan: " + rescanned.error().message);
  }
  size_t count = 0;
  for (const auto& e : rescanned.value().entries) count += (e.id && *e.id == entry.id) ? 1 : 0;
  const size_t expected_entries = scan.entries.size() + (update.action == "inserted" ? 1 : 0);
  if (count != 1 || rescanned.value().entries.size() != expected_entries) {
    return make_error(codes::kInternal, "updated models.ts failed its self-check (id " + quoted_id(entry.id) + ")");
  }
  return update;
}

}  // namespace hfmi
