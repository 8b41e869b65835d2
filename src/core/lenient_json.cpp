#include "core/lenient_json.hpp"

namespace hfmi {
namespace {

constexpr const char* kNotJson = "not valid JSON";

}  // namespace

std::string json_parse_error(std::string_view text) {
  std::string why;
  if (!read_json(text, JsonSyntax{}, &why).is_discarded()) return kNotJson;
  return std::string(kNotJson) + ": " + why;
}

Result<Json> parse_lenient_json(std::string_view bytes, const char* error_code) {
  std::string why;
  Json parsed = read_json(bytes, JsonSyntax{true, false}, &why);
  if (parsed.is_discarded()) return make_error(error_code, std::string(kNotJson) + ": " + why, "$");
  return parsed;
}

}  // namespace hfmi
