#include "policy/policy_tables.hpp"

#include "policy/error_codes.hpp"
#include "policy/limits.hpp"
#include "policy/options.hpp"
#include "policy/shard_names.hpp"
#include "safetensors/dtype.hpp"

namespace hfmi {

Json policy_tables_json() {
  Json errors = Json::array();
  for (const ErrorCodeRow& r : kErrorCodes)
    errors.push_back({{"code", r.name}, {"exit", r.exit_code}, {"meaning", r.meaning}});
  Json limits = Json::array();
  for (const LimitRow& r : kLimits)
    limits.push_back({{"name", r.name}, {"value", r.value}, {"unit", r.unit}, {"reason", r.reason}});
  Json options = Json::array();
  for (const OptionRow& r : kOptions)
    options.push_back({{"name", r.name}, {"min", r.min}, {"max", r.max}, {"meaning", r.meaning}});
  Json suffixes = Json::array();
  for (const ShardSuffix& s : kShardSuffixes) suffixes.push_back({{"suffix", s.suffix}, {"pytorchBin", s.pytorch_bin}});
  Json dtypes = Json::array();
  for (const DtypeInfo& d : safetensors_dtypes()) dtypes.push_back({{"name", d.name}, {"bits", d.bits}});
  return {{"errorCodes", std::move(errors)},
          {"limits", std::move(limits)},
          {"options", std::move(options)},
          {"shardNames", {{"suffixes", std::move(suffixes)}, {"forbiddenChars", kForbiddenShardChars}}},
          {"dtypes", std::move(dtypes)}};
}

}  // namespace hfmi
