// Checks one llm-sizer models.json entry the way the project does before it accepts it:
//   1. its JSON schema (scripts/schemas/model.schema.json; a draft-07 subset: type, required,
//      properties, enum, minimum, maximum, exclusiveMinimum, exclusiveMaximum, minLength, maxLength,
//      pattern), the bundled real schema or one the user gives;
//   2. the project's validator rules on top of the schema (kCatalogRules in catalog_rules.cpp).
// Every finding names the field and the limit. Errors refuse the entry; warnings are reported.
#pragma once
#include <string>
#include <string_view>
#include <vector>

#include "core/error.hpp"
#include "core/lenient_json.hpp"

namespace hfmi {

struct CatalogIssue {
  std::string severity;  // "error" | "warning"
  std::string field;     // JSON path of the field, e.g. "$.parameters_billions"
  std::string message;   // names the value and the limit
};

// The llm-sizer schema as bundled (a byte copy of AMD-melliott/llm-sizer@83714cfa
// scripts/schemas/model.schema.json).
std::string_view bundled_catalog_schema();

// Parses a schema text; E_USAGE when it is not a JSON object.
Result<Json> parse_catalog_schema(std::string_view text);

std::vector<CatalogIssue> check_against_schema(const Json& entry, const Json& schema);
std::vector<CatalogIssue> check_validator_rules(const Json& entry);

// Both, schema first.
std::vector<CatalogIssue> check_catalog_entry(const Json& entry, const Json& schema);

}  // namespace hfmi
