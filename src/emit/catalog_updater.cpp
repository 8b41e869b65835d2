#include "emit/catalog_updater.hpp"

#include <algorithm>
#include <cctype>
#include <cstring>

#include "core/decimal_double.hpp"
#include "core/json_access.hpp"
#include "core/json_scanner.hpp"
#include "emit/catalog_entry.hpp"

namespace hfmi {
namespace {

using Ordered = OrderedJson;

std::string line_col(std::string_view text, size_t pos) {
  size_t line = 1, col = 1;
  for (size_t i = 0; i < pos && i < text.size(); ++i) {
    if (text[i] == '\n') {
      ++line;
      col = 1;
    } else {
      ++col;
    }
  }
  return std::to_string(line) + ":" + std::to_string(col);
}

Error bad(std::string_view text, size_t pos, const std::string& what) {
  return make_error(codes::kBadCatalog, "models.json " + line_col(text, pos) + ": " + what, "$");
}

bool is_ws(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }

// Reads a JSON string starting at text[i] == '"'. Returns the offset after the closing quote, or npos.
// `out` gets the decoded value when `decode` (escapes beyond the simple ones are kept verbatim: only
// ids and keys are decoded, and they are ASCII).
size_t read_string(std::string_view t, size_t i, bool decode, std::string* out) {
  ++i;
  while (i < t.size()) {
    const unsigned char c = static_cast<unsigned char>(t[i]);
    if (c == '"') return i + 1;
    if (c < 0x20) return std::string_view::npos;
    if (c == '\\') {
      if (i + 1 >= t.size()) return std::string_view::npos;
      const char e = t[i + 1];
      if (e == 'u') {
        for (size_t k = 2; k < 6; ++k)
          if (i + k >= t.size() || !std::isxdigit(static_cast<unsigned char>(t[i + k]))) return std::string_view::npos;
        if (decode) out->append(t.substr(i, 6));
        i += 6;
        continue;
      }
      const char* simple = "\"\\/bfnrt";
      if (!std::strchr(simple, e) || e == '\0') return std::string_view::npos;
      if (decode) *out += e == 'n' ? '\n' : e == 't' ? '\t' : e == 'r' ? '\r' : e == 'b' ? '\b' : e == 'f' ? '\f' : e;
      i += 2;
      continue;
    }
    if (decode) *out += static_cast<char>(c);
    ++i;
  }
  return std::string_view::npos;
}

bool is_number_byte(char c) { return (c >= '0' && c <= '9') || c == '-' || c == '+' || c == '.' || c == 'e' || c == 'E'; }

size_t read_scalar(std::string_view t, size_t i) {
  for (std::string_view lit : {"true", "false", "null"})
    if (t.substr(i, lit.size()) == lit) return i + lit.size();
  if (t[i] != '-' && !(t[i] >= '0' && t[i] <= '9')) return std::string_view::npos;
  size_t j = i;
  while (j < t.size() && is_number_byte(t[j])) ++j;
  return j;
}

std::string leading_ws_of_line(std::string_view t, size_t pos) {
  size_t b = pos;
  while (b > 0 && t[b - 1] != '\n' && t[b - 1] != '\r') --b;
  size_t e = b;
  while (e < pos && (t[e] == ' ' || t[e] == '\t')) ++e;
  return std::string(t.substr(b, e - b));
}

}  // namespace

Result<CatalogScan> scan_catalog(std::string_view t) {
  CatalogScan scan;
  const size_t nl = t.find('\n');
  if (nl != std::string_view::npos && nl > 0 && t[nl - 1] == '\r') scan.newline = "\r\n";
  size_t i = 0;
  while (i < t.size() && is_ws(t[i])) ++i;
  if (i == t.size()) {
    scan.empty_file = true;
    return scan;
  }
  // The container stack: '{' or '['. `expect` says what may come next.
  enum class Expect { kValue, kKeyOrClose, kKey, kColon, kCommaOrClose, kValueOrClose };
  std::vector<char> stack;
  stack.reserve(64);
  Expect expect = Expect::kValue;
  std::string key;            // the last key read at the current object level
  size_t models_depth = 0;    // stack depth of the models array once found (0 = not yet)
  bool found = false;
  bool closed = false;        // the models array has ended
  std::string entry_key;      // key inside an entry (depth models_depth + 1)
  bool first_entry_seen = false;
  size_t first_inner_key = std::string_view::npos;

  while (true) {
    while (i < t.size() && is_ws(t[i])) ++i;
    if (i >= t.size()) break;
    const char c = t[i];
    const size_t depth = stack.size();
    switch (expect) {
      case Expect::kColon:
        if (c != ':') return bad(t, i, "expected ':'");
        ++i;
        expect = Expect::kValue;
        continue;
      case Expect::kCommaOrClose:
        if (c == ',') {
          ++i;
          expect = stack.back() == '{' ? Expect::kKey : Expect::kValue;
          continue;
        }
        break;  // a closer, handled below
      case Expect::kKey:
      case Expect::kKeyOrClose:
        if (c == '"') {
          std::string k;
          const size_t after = read_string(t, i, true, &k);
          if (after == std::string_view::npos) return bad(t, i, "bad string");
          if (found && !closed && depth == models_depth + 1) {
            entry_key = k;
            if (first_inner_key == std::string_view::npos && !scan.entries.empty()) first_inner_key = i;
          }
          key = std::move(k);
          i = after;
          expect = Expect::kColon;
          continue;
        }
        if (expect == Expect::kKey || c != '}') return bad(t, i, "expected a key");
        break;
      case Expect::kValue:
      case Expect::kValueOrClose:
        break;
    }
    // Closers.
    if (c == '}' || c == ']') {
      if (stack.empty() || (c == '}') != (stack.back() == '{')) return bad(t, i, std::string("unexpected '") + c + "'");
      if (expect == Expect::kValue || expect == Expect::kKey) return bad(t, i, "trailing comma");
      if (found && !closed && depth == models_depth + 1 && c == '}') scan.entries.back().end = i + 1;
      if (found && !closed && depth == models_depth && c == ']') {
        scan.array_close = i;
        closed = true;
      }
      stack.pop_back();
      ++i;
      expect = Expect::kCommaOrClose;
      if (stack.empty()) break;
      continue;
    }
    if (expect == Expect::kCommaOrClose) return bad(t, i, "expected ',' or a closing bracket");
    // A value.
    const bool is_models_value =
        !found && ((depth == 0 && c == '[') || (depth == 1 && stack[0] == '{' && key == "models" && c == '['));
    const bool is_entry = found && !closed && depth == models_depth;
    if (is_entry && c != '{') return bad(t, i, "an element of the models array is not an object");
    if (c == '{' || c == '[') {
      if (stack.size() >= 10000) return bad(t, i, "nesting deeper than 10000");
      stack.push_back(c);
      if (is_models_value) {
        found = true;
        models_depth = stack.size();
        scan.array_open = i;
      } else if (is_entry) {
        CatalogEntrySpan span;
        span.begin = i;
        scan.entries.push_back(std::move(span));
        if (!first_entry_seen) {
          first_entry_seen = true;
          scan.entry_indent = leading_ws_of_line(t, i);
        }
      }
      ++i;
      expect = c == '{' ? Expect::kKeyOrClose : Expect::kValueOrClose;
      continue;
    }
    if (depth == 0) return bad(t, i, "the catalogue must be {\"models\": [...]} or an array");
    size_t after;
    const bool entry_field = found && !closed && depth == models_depth + 1 && stack.back() == '{';
    if (c == '"') {
      std::string value;
      const bool want = entry_field && (entry_key == "id" || entry_key == "hf_model_id");
      after = read_string(t, i, want, &value);
      if (after == std::string_view::npos) return bad(t, i, "bad string");
      if (want) (entry_key == "id" ? scan.entries.back().id : scan.entries.back().hf_model_id) = std::move(value);
    } else {
      after = read_scalar(t, i);
      if (after == std::string_view::npos || after == i) return bad(t, i, "expected a value");
      if (entry_field && entry_key == "parameters_billions" && t[i] != 't' && t[i] != 'f' && t[i] != 'n') {
        const std::string_view digits = t.substr(i, after - i);
        bool is_integer = false;
        if (!is_json_number(digits, is_integer)) return bad(t, i, "bad number");
        scan.entries.back().parameters_billions = decimal_to_double(digits);
      }
    }
    i = after;
    expect = Expect::kCommaOrClose;
  }
  while (i < t.size() && is_ws(t[i])) ++i;
  if (!stack.empty()) return bad(t, t.size(), "unexpected end of file");
  if (i < t.size()) return bad(t, i, "text after the end of the document");
  if (!found) return bad(t, 0, "no \"models\" array");
  if (first_inner_key != std::string_view::npos) {
    const std::string inner = leading_ws_of_line(t, first_inner_key);
    if (inner.size() > scan.entry_indent.size() && inner.compare(0, scan.entry_indent.size(), scan.entry_indent) == 0)
      scan.indent_unit = inner.substr(scan.entry_indent.size());
  }
  return scan;
}

namespace {

void write_value(const Json& v, const std::string& indent, const CatalogScan& s, std::string& out) {
  if (v.is_object() && !v.empty()) {
    out += '{';
    bool first = true;
    for (auto it = v.begin(); it != v.end(); ++it) {
      out += first ? "" : ",";
      first = false;
      out += s.newline + indent + s.indent_unit + dump_json(Ordered(it.key())) + ": ";
      write_value(it.value(), indent + s.indent_unit, s, out);
    }
    out += s.newline + indent + '}';
  } else if (v.is_array() && !v.empty()) {
    out += '[';
    bool first = true;
    for (const Json& x : v) {
      out += first ? "" : ",";
      first = false;
      out += s.newline + indent + s.indent_unit;
      write_value(x, indent + s.indent_unit, s, out);
    }
    out += s.newline + indent + ']';
  } else {
    out += dump_json(v);
  }
}

// The entry's keys in the catalogue's order, then the others sorted.
Ordered in_key_order(const Json& entry) {
  Ordered o = Ordered::object();
  for (const std::string& k : catalog_key_order())
    if (const auto it = entry.find(k); it != entry.end()) o[k] = Ordered(*it);
  for (auto it = entry.begin(); it != entry.end(); ++it)
    if (!o.contains(it.key())) o[it.key()] = Ordered(it.value());
  return o;
}

const std::string kCustomId = "custom";

// Where a new entry goes: before the first entry with more parameters whose predecessor has no more
// than the new one (so an out-of-order run elsewhere does not pull it), else after the last entry that
// is not "custom".
size_t insert_index(const CatalogScan& s, double p) {
  const size_t n = s.entries.size();
  size_t limit = n;
  if (n > 0 && s.entries.back().id == kCustomId) limit = n - 1;
  for (size_t i = 0; i < limit; ++i) {
    const auto& e = s.entries[i];
    if (!e.parameters_billions || *e.parameters_billions <= p) continue;
    if (i == 0 || (s.entries[i - 1].parameters_billions && *s.entries[i - 1].parameters_billions <= p)) return i;
  }
  return limit;
}

std::string lower(std::string s) {
  for (char& c : s) c = (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c;
  return s;
}

}  // namespace

Result<CatalogUpdate> update_catalog(std::string_view text, const Json& entry, const CatalogUpdateOptions& opt) {
  if (!entry.is_object()) return make_error(codes::kCatalogSchema, "a catalogue entry must be a JSON object", "$");
  Json schema;
  {
    auto parsed = parse_catalog_schema(opt.schema_text.empty() ? bundled_catalog_schema() : std::string_view(opt.schema_text));
    if (!parsed) return parsed.error();
    schema = std::move(parsed.value());
  }
  auto scanned = scan_catalog(text);
  if (!scanned) return scanned.error();
  const CatalogScan& s = scanned.value();

  const std::string id = entry.contains("id") && entry["id"].is_string() ? entry["id"].get<std::string>() : "";
  const std::string hf = entry.contains("hf_model_id") && entry["hf_model_id"].is_string()
                             ? entry["hf_model_id"].get<std::string>() : "";
  // Duplicates: by id, and by hf_model_id (case-insensitive, as the Hub resolves ids).
  std::optional<size_t> match;
  for (size_t i = 0; i < s.entries.size(); ++i) {
    const auto& e = s.entries[i];
    const bool same_id = !id.empty() && e.id == id;
    const bool same_hf = !hf.empty() && !e.hf_model_id.empty() && lower(e.hf_model_id) == lower(hf);
    if (!same_id && !same_hf) continue;
    if (!opt.replace) {
      const std::string why = same_id ? "id \"" + id + "\"" : "hf_model_id \"" + hf + "\" (as id \"" + e.id + "\")";
      return make_error(codes::kBadCatalog,
                        "the catalogue already has " + why + "; use --replace to rewrite that entry",
                        "$.models[" + std::to_string(i) + "]" + (same_id ? ".id" : ".hf_model_id"));
    }
    if (match && *match != i)
      return make_error(codes::kBadCatalog,
                        "entries " + std::to_string(*match) + " and " + std::to_string(i) + " both match id \"" + id +
                            "\" / hf_model_id \"" + hf + "\": replace is ambiguous",
                        "$.models[" + std::to_string(i) + "]");
    match = i;
  }

  CatalogUpdate up;
  Ordered written = in_key_order(entry);
  Ordered old;  // the entry replaced, when there is one
  if (match) {
    const auto& span = s.entries[*match];
    old = Ordered::parse(text.substr(span.begin, span.end - span.begin), nullptr, /*allow_exceptions=*/false);
    if (old.is_discarded() || !old.is_object()) return bad(text, span.begin, "the entry to replace is not valid JSON");
    // The old entry's keys in their order, with our values; the fields we do not produce are kept,
    // and so are its id and (unless overridden) its curated name.
    Ordered merged = Ordered::object();
    for (auto it = old.begin(); it != old.end(); ++it) {
      const std::string& k = it.key();
      const bool keep = k == "id" || (k == "name" && opt.keep_name) || !written.contains(k);
      merged[k] = keep ? it.value() : written[k];
      if (keep && written.contains(k) && written[k] != it.value()) up.kept.push_back(k);
    }
    for (auto it = written.begin(); it != written.end(); ++it)
      if (!merged.contains(it.key())) merged[it.key()] = it.value();
    written = std::move(merged);
  }

  // Validate what will be written. On replace, an error the existing entry already had in a field we
  // kept (a curated upper-case id, say) is the catalogue's, not ours: it is reported as a warning.
  std::vector<CatalogIssue> old_issues;
  if (match) old_issues = check_catalog_entry(Json(old), schema);
  std::vector<CatalogIssue> found = check_catalog_entry(Json(written), schema);
  for (CatalogIssue& issue : found) {
    if (issue.severity != "error") continue;
    for (const CatalogIssue& o : old_issues)
      if (o.severity == "error" && o.field == issue.field && o.message == issue.message) {
        issue.severity = "warning";
        issue.message += " (already so in the catalogue; kept)";
        break;
      }
  }
  for (const CatalogIssue& issue : found) {
    if (issue.severity == "error" && !opt.force)
      return make_error(codes::kCatalogSchema, "the entry is refused: " + issue.message + " (nothing was written)",
                        issue.field);
    up.issues.push_back(issue);
  }

  std::string body;
  write_value(written, s.entry_indent, s, body);
  up.id = written.contains("id") && written["id"].is_string() ? written["id"].get<std::string>() : id;
  // The edit as a splice of the input: [splice_begin, splice_end) becomes `replacement`, whose bytes
  // [entry_at, entry_at + body.size()) are the entry.
  size_t entry_at = 0;
  if (s.empty_file) {
    CatalogScan fresh;
    std::string e;
    write_value(written, "    ", fresh, e);
    const std::string head = "{\n  \"models\": [\n    ";
    up.replacement = head + e + "\n  ]\n}\n";
    up.splice_begin = 0;
    up.splice_end = text.size();
    entry_at = head.size();
    body = std::move(e);
    up.action = "inserted";
  } else if (match) {
    up.splice_begin = s.entries[*match].begin;
    up.splice_end = s.entries[*match].end;
    up.replacement = body;
    up.action = "replaced";
  } else {
    up.action = "inserted";
    const double p = written.contains("parameters_billions") && written["parameters_billions"].is_number()
                         ? written["parameters_billions"].get<double>() : 0.0;
    const size_t at = insert_index(s, p);
    if (s.entries.empty()) {
      // "[ ]" or "[\n  ]": the entry goes on its own line inside the brackets.
      size_t close_line = s.array_close;
      while (close_line > s.array_open + 1 && (text[close_line - 1] == ' ' || text[close_line - 1] == '\t')) --close_line;
      const std::string close_indent(text.substr(close_line, s.array_close - close_line));
      up.splice_begin = s.array_open + 1;
      up.splice_end = s.array_close;
      up.replacement = s.newline + close_indent + s.indent_unit;
      entry_at = up.replacement.size();
      up.replacement += body + s.newline + close_indent;
    } else if (at < s.entries.size()) {
      // Before entry `at`: "<body>,<newline><indent>" goes where that entry's `{` is.
      up.splice_begin = up.splice_end = s.entries[at].begin;
      up.replacement = body + "," + s.newline + s.entry_indent;
    } else {
      // After the last entry: ",<newline><indent><body>" right after its `}`.
      up.splice_begin = up.splice_end = s.entries.back().end;
      up.replacement = "," + s.newline + s.entry_indent;
      entry_at = up.replacement.size();
      up.replacement += body;
    }
  }
  up.edit_begin = up.splice_begin + entry_at;
  up.edit_end = up.edit_begin + body.size();
  if (opt.with_text) {
    up.text.reserve(text.size() - (up.splice_end - up.splice_begin) + up.replacement.size());
    up.text.append(text.substr(0, up.splice_begin));
    up.text += up.replacement;
    up.text.append(text.substr(up.splice_end));
  }
  return up;
}

}  // namespace hfmi
