#include "naming/definitions_catalog.hpp"

#include <set>

#include "naming/bundled_definition_names.hpp"

namespace hfmi {
namespace {

constexpr size_t kMaxNameLength = 512;

Error bad(const std::string& message, const std::string& path) {
  return make_error(codes::kBadOptions, "definitions catalog: " + message, path);
}

Result<std::string> read_name(const Json& value, const std::string& path) {
  if (!value.is_string()) return bad("a Definition name must be a string", path);
  std::string name = value.get<std::string>();
  if (name.empty() || name.size() > kMaxNameLength) return bad("a Definition name must be 1 to 512 characters", path);
  return name;
}

std::vector<std::string> string_list(const Json& value) {
  std::vector<std::string> out;
  if (!value.is_array()) return out;
  for (const auto& v : value) {
    if (v.is_string()) out.push_back(v.get<std::string>());
  }
  return out;
}

// One element of a definitions array: a name, or an object with at least `name`.
Result<DefinitionEntry> read_entry(const Json& item, const std::string& path) {
  DefinitionEntry e;
  if (item.is_string()) {
    auto name = read_name(item, path);
    if (!name) return name.error();
    e.name = name.value();
    return e;
  }
  if (!item.is_object()) return bad("each Definition must be a name or an object with a name", path);
  if (!item.contains("name")) return bad("a Definition object has no name", path + ".name");
  auto name = read_name(item["name"], path + ".name");
  if (!name) return name.error();
  e.name = name.value();
  if (item.contains("op_type") && item["op_type"].is_string()) e.op_type = item["op_type"].get<std::string>();
  if (item.contains("tags")) e.tags = string_list(item["tags"]);
  if (item.contains("const_axes") && item["const_axes"].is_object()) e.const_axes = item["const_axes"];
  if (item.contains("var_axes")) e.var_axes = string_list(item["var_axes"]);
  if (item.contains("inputs") && item["inputs"].is_object()) e.inputs = item["inputs"];
  if (item.contains("outputs") && item["outputs"].is_object()) e.outputs = item["outputs"];
  if (item.contains("description") && item["description"].is_string()) e.description = item["description"].get<std::string>();
  return e;
}

Result<DefinitionsCatalog> read_array(const Json& items, const std::string& path) {
  DefinitionsCatalog catalog;
  for (size_t i = 0; i < items.size(); ++i) {
    auto entry = read_entry(items[i], path + "[" + std::to_string(i) + "]");
    if (!entry) return entry.error();
    catalog.add(std::move(entry.value()));
  }
  return catalog;
}

}  // namespace

const DefinitionEntry* DefinitionsCatalog::find(const std::string& name) const {
  auto it = index_.find(name);
  return it == index_.end() ? nullptr : &entries_[it->second];
}

bool DefinitionsCatalog::add(DefinitionEntry entry) {
  if (!index_.emplace(entry.name, entries_.size()).second) return false;
  entries_.push_back(std::move(entry));
  return true;
}

// Every value is type-checked before get<> (read_name, string_list, read_entry): no exception net.
Result<DefinitionsCatalog> load_definitions_catalog(std::string_view json_bytes) {
  {
    auto parsed = parse_lenient_json(json_bytes, codes::kBadOptions);
    if (!parsed) return bad(parsed.error().message, "$");
    const Json& doc = parsed.value();
    if (doc.is_array()) return read_array(doc, "$");
    if (doc.is_object()) {
      for (const char* key : {"definitions", "names"}) {
        if (!doc.contains(key)) continue;
        if (!doc[key].is_array()) return bad(std::string("\"") + key + "\" must be an array", std::string("$.") + key);
        return read_array(doc[key], std::string("$.") + key);
      }
    }
    return bad("expected {\"definitions\": [...]}, {\"names\": [...]} or an array of names", "$");
  }
}

const DefinitionsCatalog& bundled_definitions_catalog() {
  static const DefinitionsCatalog catalog = [] {
    DefinitionsCatalog c;
    for (const auto& n : bundled_definition_names()) {
      DefinitionEntry e;
      e.name = n.name;
      e.op_type = n.op_type;
      c.add(std::move(e));
    }
    return c;
  }();
  return catalog;
}

std::vector<std::string> missing_definitions(const ModuleTree& tree, const DefinitionsCatalog& catalog) {
  std::vector<std::string> out;
  std::set<std::string> seen;
  for (const auto& m : tree.modules) {
    for (const auto& d : m.definitions) {
      if (!catalog.contains(d) && seen.insert(d).second) out.push_back(d);
    }
  }
  return out;
}

}  // namespace hfmi
