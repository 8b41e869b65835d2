#include "policy/shard_names.hpp"

#include "policy/limits.hpp"

namespace hfmi {
namespace {

bool ends_with(std::string_view s, std::string_view suffix) {
  return s.size() >= suffix.size() && s.compare(s.size() - suffix.size(), suffix.size(), suffix) == 0;
}

}  // namespace

std::string shard_name_problem(std::string_view name) {
  const uint64_t max_bytes = limit(Limit::kShardNameBytes);
  const uint64_t max_segment = limit(Limit::kShardNameSegmentBytes);
  if (name.empty()) return "shard name is empty";
  if (name.size() > max_bytes) return "shard name is longer than " + std::to_string(max_bytes) + " bytes";
  for (size_t i = 0; i < name.size(); ++i) {
    const auto c = static_cast<unsigned char>(name[i]);
    const bool c1 = c == 0xC2 && i + 1 < name.size() && static_cast<unsigned char>(name[i + 1]) >= 0x80 &&
                    static_cast<unsigned char>(name[i + 1]) <= 0x9F;  // U+0080..U+009F in UTF-8
    if (c < 0x20 || c == 0x7f || c1) return "shard name contains a control character";
    if (std::string_view(kForbiddenShardChars).find(static_cast<char>(c)) != std::string_view::npos) {
      return std::string("shard name contains '") + static_cast<char>(c) + "'";
    }
  }
  if (name.front() == '/') return "shard name is an absolute path";
  if (name.find("..") != std::string_view::npos) return "shard name contains '..'";
  size_t start = 0;
  while (start <= name.size()) {
    const size_t slash = name.find('/', start);
    const std::string_view segment = name.substr(start, slash == std::string_view::npos ? std::string_view::npos : slash - start);
    if (segment.empty() || segment == ".") return "shard name has an empty or '.' path segment";
    if (segment.size() > max_segment) return "shard name has a path segment longer than " + std::to_string(max_segment) + " bytes";
    if (slash == std::string_view::npos) break;
    start = slash + 1;
  }
  const size_t last_slash = name.rfind('/');
  const std::string_view base = name.substr(last_slash == std::string_view::npos ? 0 : last_slash + 1);
  for (const ShardSuffix& s : kShardSuffixes) {
    if (ends_with(name, s.suffix) && base.size() > std::string_view(s.suffix).size()) return "";
  }
  return "shard name does not end in .safetensors or .bin";
}

bool is_pytorch_bin_shard(std::string_view name) { return ends_with(name, ".bin"); }

}  // namespace hfmi
