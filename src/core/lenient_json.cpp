#include "core/lenient_json.hpp"

#include <cmath>
#include <limits>
#include <string>

namespace hfmi {
namespace {

// nlohmann rejects numbers that overflow a double, so Infinity is written as DBL_MAX and turned back
// into infinity by the parse callback. No real config holds exactly DBL_MAX.
constexpr const char* kInfinityStandIn = "1.7976931348623157e308";

// Rewrites bare NaN / Infinity / -Infinity tokens outside strings into placeholders nlohmann accepts.
// Infinity -> kInfinityStandIn, NaN -> null. Returns the rewritten text and the max depth.
std::string rewrite_python_literals(std::string_view in, int& max_depth) {
  std::string out;
  out.reserve(in.size());
  bool in_string = false;
  int depth = 0;
  max_depth = 0;
  for (size_t i = 0; i < in.size(); ++i) {
    const char c = in[i];
    if (in_string) {
      out.push_back(c);
      if (c == '\\' && i + 1 < in.size()) {
        out.push_back(in[++i]);
      } else if (c == '"') {
        in_string = false;
      }
      continue;
    }
    if (c == '"') {
      in_string = true;
    } else if (c == '{' || c == '[') {
      max_depth = std::max(max_depth, ++depth);
    } else if (c == '}' || c == ']') {
      --depth;
    } else if (c == 'I' && in.compare(i, 8, "Infinity") == 0) {
      out.append(kInfinityStandIn);
      i += 7;
      continue;
    } else if (c == 'N' && in.compare(i, 3, "NaN") == 0) {
      out.append("null");
      i += 2;
      continue;
    }
    out.push_back(c);
  }
  return out;
}

// A SAX consumer that accepts every event and keeps the parser's first error message.
struct ErrorOnlySax final : nlohmann::json_sax<Json> {
  std::string message;
  bool null() override { return true; }
  bool boolean(bool) override { return true; }
  bool number_integer(number_integer_t) override { return true; }
  bool number_unsigned(number_unsigned_t) override { return true; }
  bool number_float(number_float_t, const string_t&) override { return true; }
  bool string(string_t&) override { return true; }
  bool binary(binary_t&) override { return true; }
  bool start_object(std::size_t) override { return true; }
  bool key(string_t&) override { return true; }
  bool end_object() override { return true; }
  bool start_array(std::size_t) override { return true; }
  bool end_array() override { return true; }
  bool parse_error(std::size_t, const std::string&, const nlohmann::detail::exception& ex) override {
    message = ex.what();
    return false;
  }
};

}  // namespace

std::string json_parse_error(std::string_view text) {
  ErrorOnlySax sax;
  if (Json::sax_parse(text, &sax) || sax.message.empty()) return "not valid JSON";
  return "not valid JSON: " + sax.message;
}

Result<Json> parse_lenient_json(std::string_view bytes, const char* error_code) {
  int max_depth = 0;
  const std::string text = rewrite_python_literals(bytes, max_depth);
  if (max_depth > kMaxJsonDepth) {
    return make_error(error_code, "JSON nesting is deeper than " + std::to_string(kMaxJsonDepth) + " levels", "$");
  }
  const Json::parser_callback_t restore_infinity = [](int, Json::parse_event_t event, Json& value) {
    if (event == Json::parse_event_t::value && value.is_number_float()) {
      const double d = value.get<double>();
      if (std::fabs(d) == std::numeric_limits<double>::max()) {
        value = std::copysign(std::numeric_limits<double>::infinity(), d);
      }
    }
    return true;
  };
  Json parsed = Json::parse(text, restore_infinity, /*allow_exceptions=*/false);
  if (parsed.is_discarded()) return make_error(error_code, json_parse_error(text), "$");
  return parsed;
}

}  // namespace hfmi
