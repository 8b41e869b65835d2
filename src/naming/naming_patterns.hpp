// The dataset's Definition naming regexes (tests/fixtures/flashinfer-bench/naming_patterns.json), one per
// name family, with the op_type they belong to and the module kinds whose names they describe. A built-in
// copy ships with the core; load_naming_patterns() reads a newer naming_patterns.json.
// The regexes are compiled by the core's own matcher (naming/name_regex.hpp: Python syntax, named groups
// kept), not std::regex, which the WASM build leaves out; the group names are kept in `fields`, in order.
#pragma once
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "core/error.hpp"
#include "naming/name_regex.hpp"

namespace hfmi {

struct NamingPattern {
  std::string op_type;                    // "gemm", "gqa_paged", ...
  std::string regex;                      // as written in naming_patterns.json (Python syntax)
  std::vector<std::string> fields;        // named groups, in order ("N", "K")
  std::string notes;                      // from naming_patterns.json (built-in rows: comments in the .cpp)
  std::string source;                     // "dataset" | "legacy" | "extension" (see builtin_naming_patterns)
  std::vector<std::string> module_kinds;  // Module::kind values that get names of this family
  std::vector<std::string> module_names;  // the module names they carry in models.ts entries
  NameRegex compiled;                     // `regex`, compiled
};

// The result of matching one name: the pattern and its fields as strings ("N" -> "6144").
struct PatternMatch {
  const NamingPattern* pattern = nullptr;
  std::map<std::string, std::string> fields;
};

class NamingPatterns {
 public:
  NamingPatterns() = default;
  explicit NamingPatterns(std::vector<NamingPattern> patterns) : patterns_(std::move(patterns)) {}
  const std::vector<NamingPattern>& patterns() const { return patterns_; }
  // The first pattern matching the whole name; pattern == nullptr when none does.
  PatternMatch match(const std::string& name) const;
  bool matches(const std::string& name) const { return match(name).pattern != nullptr; }
  std::vector<std::string> op_types() const;  // distinct, in table order

 private:
  std::vector<NamingPattern> patterns_;
};

// The 18 dataset patterns, plus the older gemm_n_{N}_k_{K} style (source "legacy") and Gemma's
// gemma_rmsnorm / gemma_fused_add_rmsnorm (source "extension": named as in unmerged dataset PRs; the
// (1 + w) scaling is a different kernel from rmsnorm).
const NamingPatterns& builtin_naming_patterns();

// Parses naming_patterns.json ({"patterns": [{op_type, regex, notes}]}). Module kinds are taken from the
// built-in row with the same op_type. E_USAGE (path "$.patterns[i].regex", ...) for a bad document or
// a regex outside NameRegex's syntax. Never throws.
Result<NamingPatterns> load_naming_patterns(std::string_view json_bytes);

// Whether a name matches one of the built-in patterns.
bool matches_known_pattern(const std::string& name);

// Module kinds and typical module names that an op_type's names are assigned to (built-in table).
std::vector<std::string> module_kinds_for_op_type(const std::string& op_type);
std::vector<std::string> module_names_for_op_type(const std::string& op_type);

// `(?P<name>` -> `(`, keeping escapes; the group names in order go to `fields` when not null
// (the ECMAScript form, for JavaScript's RegExp).
std::string ecmascript_from_python_regex(std::string_view python_regex, std::vector<std::string>* fields = nullptr);

}  // namespace hfmi
