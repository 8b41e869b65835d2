#include "policy/policy_tables.hpp"

#include "policy/error_codes.hpp"
#include "policy/limits.hpp"
#include "policy/options.hpp"
#include "policy/shard_names.hpp"
#include "safetensors/dtype.hpp"

#include <initializer_list>
#include <utility>

namespace hfmi {
namespace {

// An object from (key, value) pairs: one loop, instead of the brace-list code at every row.
Json object_of(std::initializer_list<std::pair<const char*, Json>> members) {
  Json out = Json::object();
  for (const auto& m : members) out[m.first] = m.second;
  return out;
}

}  // namespace

Json policy_tables_json() {
  Json errors = Json::array();
  for (const ErrorCodeRow& r : kErrorCodes)
    errors.push_back(object_of({{"code", r.name}, {"exit", r.exit_code}, {"meaning", r.meaning}}));
  Json limits = Json::array();
  for (const LimitRow& r : kLimits)
    limits.push_back(object_of({{"name", r.name}, {"value", r.value}, {"unit", r.unit}, {"reason", r.reason}}));
  Json options = Json::array();
  for (const OptionRow& r : kOptions)
    options.push_back(object_of({{"name", r.name}, {"min", r.min}, {"max", r.max}, {"meaning", r.meaning}}));
  Json suffixes = Json::array();
  for (const ShardSuffix& s : kShardSuffixes) {
    suffixes.push_back(object_of({{"suffix", s.suffix}, {"pytorchBin", s.pytorch_bin}}));
  }
  Json dtypes = Json::array();
  for (const DtypeInfo& d : safetensors_dtypes()) dtypes.push_back(object_of({{"name", d.name}, {"bits", d.bits}}));
  Json shard_names = object_of({{"suffixes", std::move(suffixes)}, {"forbiddenChars", kForbiddenShardChars}});
  return object_of({{"errorCodes", std::move(errors)},
                    {"limits", std::move(limits)},
                    {"options", std::move(options)},
                    {"shardNames", std::move(shard_names)},
                    {"dtypes", std::move(dtypes)}});
}

}  // namespace hfmi
