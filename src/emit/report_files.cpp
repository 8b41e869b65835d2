#include "emit/report_files.hpp"

#include <algorithm>
#include <charconv>
#include <cstring>
#include <initializer_list>
#include <set>
#include <string_view>

#include "core/number_text.hpp"

namespace hfmi {

Json module_tree_json(const ModuleTree& tree) {
  Json modules = Json::array();
  for (const Module& m : tree.modules) {
    Json row = Json::object({{"name", m.name}, {"count", m.count}, {"type", m.type}, {"definitions", m.definitions}});
    if (!m.parent.empty()) row["parent"] = m.parent;
    if (m.unsupported) row["unsupported"] = true;
    if (!m.note.empty()) row["note"] = m.note;
    modules.push_back(std::move(row));
  }
  return Json::object({{"family", tree.family}, {"modules", std::move(modules)}});
}

Json module_mapping_json(const ModuleTree& tree) {
  Json out = Json::object();
  for (const Module& m : tree.modules) out[m.name] = m.definitions;
  return out;
}

Json issues_json(const Issues& issues) {
  Json out = Json::array();
  for (const Issue& i : issues)
    out.push_back(Json::object({{"severity", i.severity}, {"code", i.code}, {"path", i.path}, {"message", i.message}}));
  return out;
}

namespace {

// A CSV cell that a spreadsheet would read as a formula (OWASP "CSV injection": a cell starting with
// = + - @ tab or CR) gets a leading apostrophe, and is then quoted like any other field.
bool csv_formula_start(std::string_view s) {
  return !s.empty() && std::string_view("=+-@\t\r").find(s.front()) != std::string_view::npos;
}

// Appends to a string through a pointer: string::push_back / append per piece are out-of-line calls in the
// WASM build, and tensors.csv has a dozen pieces per tensor.
class Appender {
 public:
  explicit Appender(std::string& s) : s_(s), n_(s.size()) {}
  ~Appender() { s_.resize(n_); }
  Appender(const Appender&) = delete;
  Appender& operator=(const Appender&) = delete;
  char* room(size_t k) {
    if (n_ + k > s_.size()) s_.resize(std::max(s_.size() * 2, n_ + k + 64));
    char* p = &s_[n_];
    n_ += k;
    return p;
  }
  void put(char c) { *room(1) = c; }
  void put(std::string_view v) {
    if (!v.empty()) std::memcpy(room(v.size()), v.data(), v.size());
  }
  void put(int64_t v) {
    char buf[24];
    const auto r = std::to_chars(buf, buf + sizeof buf, v);
    put(std::string_view(buf, static_cast<size_t>(r.ptr - buf)));
  }

 private:
  std::string& s_;
  size_t n_;
};

// Appends `s` as one CSV field: quoted (with quotes doubled) when it holds a separator or is neutralised.
void append_csv_field(Appender& out, std::string_view s) {
  const bool formula = csv_formula_start(s);
  // One pass over the bytes (string_view::find_first_of calls memchr on the set for every byte).
  bool special = formula;
  for (size_t i = 0; i < s.size() && !special; ++i) special = s[i] == ',' || s[i] == '"' || s[i] == '\r' || s[i] == '\n';
  if (!special) {
    out.put(s);
    return;
  }
  out.put('"');
  if (formula) out.put('\'');
  for (char c : s) {
    if (c == '"') out.put('"');
    out.put(c);
  }
  out.put('"');
}

// Concatenates the pieces (numbers through std::to_string): the summary's one formatting helper.
struct Piece {
  std::string text;
  Piece(const std::string& s) : text(s) {}       // NOLINT(google-explicit-constructor)
  Piece(const char* s) : text(s) {}              // NOLINT(google-explicit-constructor)
  Piece(int64_t v) : text(std::to_string(v)) {}  // NOLINT(google-explicit-constructor)
  Piece(int v) : text(std::to_string(v)) {}      // NOLINT(google-explicit-constructor)
};
std::string cat(std::initializer_list<Piece> pieces) {
  std::string out;
  for (const Piece& p : pieces) out += p.text;
  return out;
}

std::string with_commas(int64_t v) {
  std::string digits = std::to_string(v < 0 ? -v : v);
  std::string out;
  for (size_t i = 0; i < digits.size(); ++i) {
    if (i && (digits.size() - i) % 3 == 0) out += ',';
    out += digits[i];
  }
  return v < 0 ? "-" + out : out;
}

std::string human_bytes(double b) {
  const char* units[] = {"B", "KiB", "MiB", "GiB", "TiB"};
  int u = 0;
  while (b >= 1024 && u < 4) {
    b /= 1024;
    ++u;
  }
  return fixed(b, 2) + " " + units[u];
}

// Missing keys read as an empty object, so a partial document renders instead of failing.
const Json& obj(const Json& j, const char* key) {
  static const Json kEmpty = Json::object();
  if (!j.is_object()) return kEmpty;
  const auto it = j.find(key);
  return it != j.end() && it->is_object() ? *it : kEmpty;
}

std::string str_at(const Json& j, const char* key) {
  if (!j.is_object()) return "";
  const auto it = j.find(key);
  return it != j.end() && it->is_string() ? it->get<std::string>() : "";
}

int64_t int_at(const Json& j, const char* key) {
  if (!j.is_object()) return 0;
  const auto it = j.find(key);
  return it != j.end() && it->is_number() ? it->get<int64_t>() : 0;
}

// Markdown table cells must not break the table: escape pipes and flatten newlines.
std::string md_cell(const std::string& s) {
  std::string out;
  for (char c : s) {
    if (c == '|') out += "\\|";
    else if (c == '\n' || c == '\r') out += ' ';
    else out += c;
  }
  return out;
}

}  // namespace

std::string tensors_csv(const std::vector<TensorInfo>& tensors,
                        FunctionRef<const std::string&(const TensorInfo&)> kind_of) {
  std::string out = "kind,name,shape,dtype\n";
  out.reserve(out.size() + tensors.size() * 96);
  {
    Appender a(out);  // trims `out` to what was written when it goes out of scope
    for (const TensorInfo& t : tensors) {
      append_csv_field(a, kind_of(t));
      a.put(',');
      append_csv_field(a, t.name);
      a.put(',');
      for (size_t i = 0; i < t.shape.size(); ++i) {
        if (i) a.put('x');
        a.put(t.shape[i]);
      }
      a.put(',');
      append_csv_field(a, t.dtype);
      a.put('\n');
    }
  }
  return out;
}

std::string summary_markdown(const SummaryInputs& in) {
  const Json& a = in.architecture;
  const Json& attn = obj(a, "attention");
  const Json& mlp = obj(a, "mlp");
  const Json& params = obj(a, "parameters");
  std::string md;
  md += cat({"# Model addition summary: ", str_at(a, "model_id"), "\n\n"});
  md += "## Architecture\n\n| field | value |\n|---|---|\n";
  md += cat({"| architecture | ", md_cell(str_at(a, "architecture_type")), " |\n| model_type | ", md_cell(str_at(a, "model_type")), " |\n"});
  md += cat({"| layers | ", int_at(a, "num_layers"), " |\n| hidden size | ", int_at(a, "hidden_size"), " |\n| vocab size | ", int_at(a, "vocab_size"), " |\n"});
  md += cat({"| attention | ", str_at(attn, "type"), " (", int_at(attn, "num_heads"), " heads, ", int_at(attn, "num_kv_heads"), " KV heads, head_dim ", int_at(attn, "head_dim"), ") |\n"});
  md += cat({"| MLP | ", str_at(mlp, "type"), " (intermediate ", int_at(mlp, "intermediate_size"), ", ", md_cell(str_at(mlp, "activation")), ") |\n"});
  if (str_at(mlp, "type") == "moe") {
    md += cat({"| experts | ", int_at(mlp, "num_experts"), " routed, top-", int_at(mlp, "experts_per_token"), ", ", int_at(mlp, "num_shared_experts"), " shared; ", int_at(mlp, "dense_layers"), " dense + ", int_at(mlp, "moe_layers"), " MoE layers |\n"});
  }
  std::string features;
  if (a.contains("special_features") && a["special_features"].is_array())
    for (const Json& f : a["special_features"])
      if (f.is_string()) features += (features.empty() ? "" : ", ") + f.get<std::string>();
  md += cat({"| features | ", md_cell(features.empty() ? "none" : features), " |\n\n"});

  md += "## Parameters\n\n";
  md += cat({"Total **", with_commas(int_at(params, "total")), "** (", str_at(params, "source"), "), active per token **", with_commas(int_at(params, "active")), "**.\n\n"});
  md += "| component | parameters |\n|---|---:|\n";
  for (const auto& [k, v] : obj(params, "by_component").items())
      if (v.is_number() && v.get<int64_t>() != 0) md += cat({"| ", md_cell(k), " | ", with_commas(v.get<int64_t>()), " |\n"});
  md += "\n| dtype | parameters |\n|---|---:|\n";
  for (const auto& [k, v] : obj(params, "by_dtype").items())
      if (v.is_number()) md += cat({"| ", md_cell(k), " | ", with_commas(v.get<int64_t>()), " |\n"});
  if (!obj(params, "reconciliation").empty()) {
    const Json& r = obj(params, "reconciliation");
    md += cat({"\nConfig estimate vs headers: ", (r.contains("agree") && r["agree"] == true) ? "agree within 1%" : "differ", " (config ", with_commas(int_at(r, "config_total")), ", headers ", with_commas(int_at(r, "header_total")), ").\n"});
    if (r.contains("reasons") && r["reasons"].is_array())
      for (const Json& reason : r["reasons"])
        if (reason.is_string()) md += "- " + reason.get<std::string>() + "\n";
  }
  md += "\n## Memory\n\n";
  if (!obj(a, "memory").empty()) {
    md += "| precision | weight bytes |\n|---|---:|\n";
    for (const auto& [k, v] : obj(a, "memory").items())
      if (v.is_number()) md += cat({"| ", md_cell(k), " | ", human_bytes(v.get<double>()), " |\n"});
  }
  if (!obj(a, "kv_cache").empty()) {
    const Json& kv = obj(a, "kv_cache");
    md += cat({"\nKV cache: ", with_commas(int_at(kv, "bytes_per_token")), " bytes per token; ", human_bytes(static_cast<double>(int_at(kv, "bytes_for_context"))), " for a ", int_at(kv, "context_length"), "-token context.\n"});
  }

  md += cat({"\n## Modules (`", md_cell(in.entry_id), "`, TP ", in.tp, ", EP ", in.ep, ")\n\n"});
  md += "| module | type | count | parent | definitions |\n|---|---|---:|---|---|\n";
  const std::set<std::string> missing(in.missing_definitions.begin(), in.missing_definitions.end());
  for (const Module& m : in.tree.modules) {
    std::string defs;
    for (const std::string& d : m.definitions)
      defs += (defs.empty() ? "" : ", ") + ("`" + d + "`") + (missing.count(d) ? " (missing)" : "");
    md += cat({"| ", md_cell(m.name), m.unsupported ? " (unsupported)" : "", " | ", m.type, " | ", m.count, " | ", md_cell(m.parent), " | ", md_cell(defs), " |\n"});
  }

  md += "\n## Validation\n\n";
  if (in.issues.empty()) md += "No issues.\n";
  for (const Issue& i : in.issues)
    md += cat({"- **", i.severity, "** `", i.code, "` at `", md_cell(i.path), "`: ", md_cell(i.message), "\n"});

  md += "\n## Missing definitions\n\n";
  if (in.missing_definitions.empty()) md += "Every Definition named here exists in the catalogue.\n";
  for (const std::string& d : in.missing_definitions) md += "- `" + d + "`\n";

  md += "\n## Next steps\n\n";
  md += "1. Review the module tree and the parameter reconciliation above.\n";
  md += "2. Add the entry to `web/apps/web/data/models.ts` (`import-model --target flashinfer --models-ts PATH`).\n";
  if (!in.missing_definitions.empty())
    md += "3. Write the missing Definitions (`--emit-definitions DIR` writes skeletons), add reference "
          "implementations, and collect workloads.\n";
  return md;
}

}  // namespace hfmi
