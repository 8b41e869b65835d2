#include "emit/models_ts_entry.hpp"

#include <array>
#include <optional>
#include <set>

#include "emit/ts_string.hpp"

namespace hfmi {
namespace {

constexpr std::array<std::string_view, 2> kModuleTypes = {"block", "layer"};

std::string module_path(size_t index, const std::string& field) {
  return "modules[" + std::to_string(index) + "]" + (field.empty() ? "" : "." + field);
}

// Emits lines at a given nesting depth, with the format's indentation and newline.
class LineWriter {
 public:
  LineWriter(const ModelsTsFormat& format, int base_level) : format_(format), base_(base_level) {}
  std::string indent(int depth) const {
    std::string s;
    for (int i = 0; i < base_ + depth; ++i) s += format_.indent_unit;
    return s;
  }
  void line(int depth, const std::string& content) {
    if (!first_) text_ += format_.newline;
    first_ = false;
    text_ += indent(depth) + content;
  }
  std::string take() { return std::move(text_); }

 private:
  const ModelsTsFormat& format_;
  int base_;
  bool first_ = true;
  std::string text_;
};

std::string inline_definitions(const std::vector<std::string>& names) {
  std::string s = "[";
  for (size_t i = 0; i < names.size(); ++i) {
    if (i) s += ", ";
    s += ts_string_literal(names[i]);
  }
  return s + "]";
}

void write_module_one_line(LineWriter& w, const Module& m) {
  std::string s = ts_property_key(m.name) + ": { count: " + std::to_string(m.count);
  if (!m.parent.empty()) s += ", parent: " + ts_string_literal(m.parent);
  s += ", type: " + ts_string_literal(m.type);
  s += ", definitions: " + inline_definitions(m.definitions) + " },";
  w.line(2, s);
}

void write_module_expanded(LineWriter& w, const Module& m, const ModelsTsFormat& format) {
  w.line(2, ts_property_key(m.name) + ": {");
  w.line(3, "count: " + std::to_string(m.count) + ",");
  if (!m.parent.empty()) w.line(3, "parent: " + ts_string_literal(m.parent) + ",");
  w.line(3, "type: " + ts_string_literal(m.type) + ",");
  const std::string one_line = "definitions: " + inline_definitions(m.definitions) + ",";
  if (m.definitions.empty() ||
      static_cast<int64_t>(w.indent(3).size() + one_line.size()) <= static_cast<int64_t>(format.print_width)) {
    w.line(3, one_line);
  } else {
    w.line(3, "definitions: [");
    for (const auto& d : m.definitions) w.line(4, ts_string_literal(d) + ",");
    w.line(3, "],");
  }
  w.line(2, "},");
}

std::optional<Error> check_entry(const ModelsTsEntry& entry) {
  if (!is_valid_model_id(entry.id)) {
    return make_error(codes::kBadOptions,
                      "model id " + ts_string_literal(entry.id) +
                          " is not a valid models.ts id (lowercase letters, digits, '.' and '-' only)",
                      "id");
  }
  if (entry.name.empty()) return make_error(codes::kBadOptions, "model name is empty", "name");
  std::set<std::string> seen;
  for (size_t i = 0; i < entry.tree.modules.size(); ++i) {
    const Module& m = entry.tree.modules[i];
    if (m.name.empty()) return make_error(codes::kBadModelsTs, "module name is empty", module_path(i, "name"));
    if (!seen.insert(m.name).second) {
      return make_error(codes::kBadModelsTs,
                        "duplicate module name " + ts_string_literal(m.name) +
                            " (models.ts modules is a record keyed by name)",
                        module_path(i, "name"));
    }
    bool known_type = false;
    for (auto t : kModuleTypes) known_type = known_type || t == m.type;
    if (!known_type) {
      return make_error(codes::kBadModelsTs,
                        "module " + ts_string_literal(m.name) + " has type " + ts_string_literal(m.type) +
                            "; expected \"block\" or \"layer\"",
                        module_path(i, "type"));
    }
  }
  return std::nullopt;
}

}  // namespace

bool is_valid_model_id(std::string_view id) {
  if (id.empty()) return false;
  for (char c : id) {
    const bool ok = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '.' || c == '-';
    if (!ok) return false;
  }
  return true;
}

std::string slugify_model_id(std::string_view repo_name) {
  const size_t slash = repo_name.rfind('/');
  if (slash != std::string_view::npos) repo_name = repo_name.substr(slash + 1);
  std::string out;
  for (char raw : repo_name) {
    char c = raw;
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    const bool keep = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '.' || c == '-';
    if (!keep) c = '-';
    if (c == '-' && !out.empty() && out.back() == '-') continue;
    out += c;
  }
  size_t b = 0, e = out.size();
  while (b < e && (out[b] == '-' || out[b] == '.')) ++b;
  while (e > b && (out[e - 1] == '-' || out[e - 1] == '.')) --e;
  return out.substr(b, e - b);
}

Result<std::string> emit_models_ts_entry(const ModelsTsEntry& entry, int indent_level) {
  return emit_models_ts_entry(entry, ModelsTsFormat{}, indent_level);
}

Result<std::string> emit_models_ts_entry(const ModelsTsEntry& entry, const ModelsTsFormat& format,
                                         int indent_level) {
  if (auto problem = check_entry(entry)) return *problem;
  if (indent_level < 0 || indent_level > 64) {
    return make_error(codes::kBadOptions, "indent level must be between 0 and 64", "indent_level");
  }
  LineWriter w(format, indent_level);
  w.line(0, "{");
  w.line(1, "id: " + ts_string_literal(entry.id) + ",");
  w.line(1, "name: " + ts_string_literal(entry.name) + ",");
  if (!entry.description.empty()) w.line(1, "description: " + ts_string_literal(entry.description) + ",");
  if (entry.tree.modules.empty()) {
    w.line(1, "modules: {},");
  } else {
    w.line(1, "modules: {");
    for (const Module& m : entry.tree.modules) {
      if (format.layout == ModulesLayout::kOneLine) {
        write_module_one_line(w, m);
      } else {
        write_module_expanded(w, m, format);
      }
    }
    w.line(1, "},");
  }
  w.line(0, "},");
  return w.take();
}

Result<std::string> emit_models_ts_file(const std::vector<ModelsTsEntry>& entries, const ModelsTsFormat& format) {
  const std::string& nl = format.newline;
  std::string text = "import type { Model } from \"@/lib/schemas\"" + nl + nl + "const models: Model[] = [" + nl;
  std::set<std::string> ids;
  for (size_t i = 0; i < entries.size(); ++i) {
    if (!ids.insert(entries[i].id).second) {
      return make_error(codes::kBadOptions, "duplicate model id " + ts_string_literal(entries[i].id),
                        "[" + std::to_string(i) + "].id");
    }
    auto entry = emit_models_ts_entry(entries[i], format, 1);
    if (!entry.ok()) {
      Error e = entry.error();
      e.path = "[" + std::to_string(i) + "]" + (e.path.empty() ? "" : "." + e.path);
      return e;
    }
    text += entry.value() + nl;
  }
  text += "] satisfies Model[]" + nl + nl + "export default models" + nl;
  return text;
}

}  // namespace hfmi
