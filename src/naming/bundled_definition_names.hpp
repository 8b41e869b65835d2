// The FlashInfer-Bench Definition names that ship with the package (a dataset snapshot).
// Replaced at run time by ImportSession::set_definitions_catalog().
#pragma once
#include <vector>

namespace hfmi {

struct BundledDefinitionName {
  const char* name;
  const char* op_type;
};

const std::vector<BundledDefinitionName>& bundled_definition_names();  // sorted by name

}  // namespace hfmi
