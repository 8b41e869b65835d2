// The set of Definitions that exist in the FlashInfer-Bench dataset: the bundled snapshot, or one the user
// supplies (--definitions FILE|URL). Used to list the names a model needs that the dataset lacks.
#pragma once
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "arch/module_tree.hpp"
#include "core/error.hpp"
#include "core/lenient_json.hpp"

namespace hfmi {

struct DefinitionEntry {
  std::string name;
  std::string op_type;                 // "" when the source only lists names
  std::vector<std::string> tags;
  Json const_axes = Json::object();    // axis -> value
  std::vector<std::string> var_axes;
  Json inputs = Json::object();        // name -> {shape, dtype}
  Json outputs = Json::object();
  std::string description;
};

class DefinitionsCatalog {
 public:
  bool contains(const std::string& name) const { return index_.count(name) > 0; }
  const DefinitionEntry* find(const std::string& name) const;
  const std::vector<DefinitionEntry>& entries() const { return entries_; }
  size_t size() const { return entries_.size(); }
  // Adds an entry; a repeated name replaces nothing and returns false.
  bool add(DefinitionEntry entry);

 private:
  std::vector<DefinitionEntry> entries_;
  std::map<std::string, size_t> index_;  // name -> position in entries_
};

// Accepts:
//  - the dataset snapshot format (definitions_index.json): {"definitions": [{name, op_type, tags, const_axes,
//    var_axes, inputs, outputs, description}, ...]} (only `name` is required);
//  - a plain JSON array of names, or an array of objects with `name`;
//  - {"names": [...]}.
// E_USAGE with the JSON path of the offending value for anything else (non-JSON bytes, a name that is not
// a non-empty string, a wrong container type). Duplicate names are accepted once. Never throws.
Result<DefinitionsCatalog> load_definitions_catalog(std::string_view json_bytes);

// The snapshot that ships with the package (names and op_types of the 156 dataset Definitions).
const DefinitionsCatalog& bundled_definitions_catalog();

// The Definition names of a tree that the catalog lacks: each once, in tree order.
std::vector<std::string> missing_definitions(const ModuleTree& tree, const DefinitionsCatalog& catalog);

}  // namespace hfmi
