// hfmi::Json (core/json_value.hpp) against nlohmann/json 3.11, the DOM the core used before and the oracle of
// every case here: the same values read from every fixture JSON, the same text written (compact and indented,
// sorted and in insertion order), the same numbers (integer kinds, doubles as Grisu2 text, random bit patterns),
// the same escapes and U+FFFD replacements, the same verdict on malformed text; and a core that includes no
// nlohmann at all.
#include <catch2/catch.hpp>

#include <cmath>
#include <cstdint>
#include <cstring>
#include <filesystem>
#include <limits>
#include <random>
#include <string>
#include <vector>

#include "core/json_dump.hpp"
#include "core/json_parse.hpp"
#include "core/json_value.hpp"
#include "core/lenient_json.hpp"
#include "core_sources.hpp"
#include "fixtures.hpp"
#include "json_oracle.hpp"

using hfmi::Json;
using hfmi::OrderedJson;
using nlohmann::json;
using nlohmann::ordered_json;

namespace {

// nlohmann's text of a value, as the core wrote it (dump_json: error_handler_t::replace).
template <class J>
std::string oracle_dump(const J& j, int indent = -1, bool ensure_ascii = false) {
  return j.dump(indent, ' ', ensure_ascii, J::error_handler_t::replace);
}

// Whether nlohmann reads `text` (strict), and its value.
bool oracle_parse(const std::string& text, json& out) {
  out = json::parse(text, nullptr, /*allow_exceptions=*/false);
  return !out.is_discarded();
}

std::string double_text(double d) { return Json(d).dump(); }

}  // namespace

TEST_CASE("json: every fixture JSON reads and writes as nlohmann reads and writes it", "[json]") {
  namespace fs = std::filesystem;
  size_t files = 0, accepted = 0;
  for (const auto& e : fs::recursive_directory_iterator(HFMI_FIXTURES_DIR)) {
    if (!e.is_regular_file() || e.path().extension() != ".json") continue;
    const std::string text = hfmi::test::read_file(e.path().string());
    INFO(e.path().string());
    ++files;
    json want;
    const bool ok = oracle_parse(text, want);
    const Json got = Json::parse(text);
    CHECK(got.is_discarded() == !ok);
    if (!ok) continue;
    ++accepted;
    CHECK(got.dump() == oracle_dump(want));
    CHECK(got.dump(2) == oracle_dump(want, 2));
    CHECK(got.dump(-1, ' ', true) == oracle_dump(want, -1, true));
    const ordered_json want_ordered = ordered_json::parse(text);
    CHECK(OrderedJson::parse(text).dump(4) == oracle_dump(want_ordered, 4));
    // Read back from nlohmann's text: the same value.
    CHECK(Json::parse(oracle_dump(want)) == got);
  }
  CHECK(files > 200);
  CHECK(accepted > 200);
}

TEST_CASE("json: doubles are written as nlohmann writes them (Grisu2)", "[json]") {
  const double cases[] = {0.0, -0.0, 1.0, -1.0, 0.1, 0.2, 0.3, 1e-05, 1e-4, 0.001, 1.5e-5, 1e15, 1e16, 1e17, 1e20, 1e21,
                          123456789012345.0, 1234567890123456.0, 12345678901234567.0, 1e100, 1e-100, 1e308, 2.5e-308,
                          5e-324, std::numeric_limits<double>::max(), std::numeric_limits<double>::min(),
                          std::numeric_limits<double>::denorm_min(), 3.141592653589793, 2.718281828459045, 1.0 / 3,
                          500000.0, 1000000.0, 10000.0, 0.02, 1e-6, 9.999999999999999e22, 4.35, 0.30000000000000004,
                          1.7976931348623157e308, 6.103515625e-05, 65504.0, 0.7071067811865476};
  for (const double d : cases) {
    INFO(d);
    CHECK(double_text(d) == json(d).dump());
    CHECK(double_text(-d) == json(-d).dump());
  }
  // The shapes the text takes (nlohmann's format: at least one decimal, at least two exponent digits).
  CHECK(double_text(1e-05) == "1e-05");
  CHECK(double_text(0.1) == "0.1");
  CHECK(double_text(1.0) == "1.0");
  CHECK(double_text(1e20) == "1e+20");
  CHECK(double_text(-0.0) == "-0.0");
  CHECK(double_text(1e15) == "1e+15");
  CHECK(double_text(123456789012345.0) == "123456789012345.0");
  // Not finite: null, as nlohmann.
  CHECK(double_text(std::numeric_limits<double>::infinity()) == "null");
  CHECK(double_text(-std::numeric_limits<double>::infinity()) == "null");
  CHECK(double_text(std::numeric_limits<double>::quiet_NaN()) == "null");
  // Random bit patterns (every exponent, every mantissa shape) and random decimals of a few digits.
  std::mt19937_64 rng(13);
  size_t differing = 0;
  for (int i = 0; i < 200000; ++i) {
    uint64_t bits = rng();
    double d = 0;
    std::memcpy(&d, &bits, sizeof d);
    if (!std::isfinite(d)) continue;
    if (double_text(d) != json(d).dump()) ++differing;
    const double decimal = static_cast<double>(rng() % 100000) / std::pow(10.0, static_cast<double>(rng() % 12));
    if (double_text(decimal) != json(decimal).dump()) ++differing;
  }
  CHECK(differing == 0);
}

TEST_CASE("json: numbers keep nlohmann's kinds (unsigned, signed, double) when read", "[json]") {
  const char* cases[] = {"0",    "-0",   "7",     "-7",   "18446744073709551615", "18446744073709551616",
                         "-9223372036854775808",  "-9223372036854775809",        "9223372036854775808",
                         "1.0",  "1e2",  "1E+2",  "-1e-2", "0.5",  "123456789012345678901234567890", "1e-400",
                         "2.2250738585072011e-308", "4.9406564584124654e-324", "1.7976931348623157e308"};
  for (const char* text : cases) {
    INFO(text);
    const json want = json::parse(text);
    const Json got = Json::parse(text);
    REQUIRE_FALSE(got.is_discarded());
    CHECK(got.is_number_unsigned() == want.is_number_unsigned());
    CHECK(got.is_number_integer() == want.is_number_integer());
    CHECK(got.is_number_float() == want.is_number_float());
    CHECK(got.dump() == want.dump());
    if (want.is_number_integer()) CHECK(got.get<int64_t>() == want.get<int64_t>());
    CHECK(got.get<double>() == want.get<double>());
  }
  // Past a double's range: an error for both.
  for (const char* text : {"1e400", "-1e400", "[1.8e308]"}) {
    INFO(text);
    CHECK(Json::parse(text).is_discarded());
    CHECK(json::parse(text, nullptr, false).is_discarded());
  }
  // Numbers compare by value across kinds, as nlohmann.
  CHECK(Json::parse("1") == Json::parse("1.0"));
  CHECK(Json::parse("-1") == Json(-1.0));
  CHECK(Json(uint64_t{5}) == Json(int64_t{5}));
  CHECK(Json(0.5) != Json(0));
  CHECK(Json("1") != Json(1));
}

TEST_CASE("json: strings are escaped as nlohmann escapes them, ASCII or not", "[json]") {
  std::string every_ascii;
  for (int c = 0; c < 0x80; ++c) every_ascii += static_cast<char>(c);
  const std::string texts[] = {every_ascii, "plain", "", "\"quoted\" \\ back", "caf\xC3\xA9 \xE2\x82\xAC \xF0\x9F\x98\x80",
                               "\xEF\xBF\xBF\xEF\xBF\xBD", "tab\there\nnew\rline\b\f", std::string("nul\0byte", 8)};
  for (const std::string& s : texts) {
    INFO(s);
    for (const bool ascii : {false, true}) {
      CHECK(Json(s).dump(-1, ' ', ascii) == oracle_dump(json(s), -1, ascii));
      std::string ours;
      hfmi::append_json_string(ours, s, ascii);
      CHECK(ours == oracle_dump(json(s), -1, ascii));
    }
  }
  CHECK(Json(std::string("\x01\x1f")).dump() == "\"\\u0001\\u001f\"");
  CHECK(Json("\xF0\x9F\x98\x80").dump(-1, ' ', true) == "\"\\ud83d\\ude00\"");
}

TEST_CASE("json: bytes that are not UTF-8 become U+FFFD as nlohmann's replace handler writes them", "[json]") {
  const std::string cases[] = {"\xFF", "a\xC3(b", "\xE2\x82", "\xE2\x82\x41", "\xED\xA0\x80", "\xE0\x80\x80",
                               "\xF4\x90\x80\x80", "\xC0\xAF", "\x80\x80x", "\xF0\x9F\x98", "ok\xF5", "\xC3"};
  for (const std::string& s : cases) {
    INFO(s);
    for (const bool ascii : {false, true}) CHECK(Json(s).dump(-1, ' ', ascii) == oracle_dump(json(s), -1, ascii));
  }
  // Random byte strings, weighted towards UTF-8 lead and continuation bytes.
  std::mt19937 rng(7);
  const unsigned char alphabet[] = {'a', '"', '\\', 0x01, 0x7F, 0x80, 0x8F, 0x9F, 0xA0, 0xBF, 0xC2, 0xC3, 0xDF,
                                    0xE0, 0xE2, 0xED, 0xEF, 0xF0, 0xF3, 0xF4, 0xF5, 0xFF};
  size_t differing = 0;
  for (int i = 0; i < 20000; ++i) {
    std::string s;
    const int n = static_cast<int>(rng() % 12);
    for (int k = 0; k < n; ++k) s += static_cast<char>(alphabet[rng() % sizeof alphabet]);
    for (const bool ascii : {false, true})
      if (Json(s).dump(-1, ' ', ascii) != oracle_dump(json(s), -1, ascii)) ++differing;
  }
  CHECK(differing == 0);
}

TEST_CASE("json: objects iterate sorted by key, ordered ones in insertion order", "[json]") {
  Json sorted = Json::object();
  OrderedJson ordered = OrderedJson::object();
  json want_sorted = json::object();
  ordered_json want_ordered = ordered_json::object();
  for (const char* key : {"b", "a", "\xC3\xA9", "B", "", "aa", "b"}) {
    sorted[key] = key;
    ordered[key] = key;
    want_sorted[key] = key;
    want_ordered[key] = key;
  }
  // Members of an ordered object that become objects keep insertion order too.
  ordered["z"]["y"] = 1;
  ordered["z"]["x"] = 2;
  want_ordered["z"]["y"] = 1;
  want_ordered["z"]["x"] = 2;
  CHECK(sorted.dump() == want_sorted.dump());
  CHECK(ordered.dump(2) == want_ordered.dump(2));
  // A key read twice: the last value, in the first one's place.
  const std::string dup = R"({"b": 1, "a": 2, "b": 3})";
  CHECK(Json::parse(dup).dump() == json::parse(dup).dump());
  CHECK(OrderedJson::parse(dup).dump() == ordered_json::parse(dup).dump());
  // Ordered objects compare member by member in order, as ordered_json.
  CHECK(OrderedJson::parse(R"({"a":1,"b":2})") != OrderedJson::parse(R"({"b":2,"a":1})"));
  CHECK(Json::parse(R"({"a":1,"b":2})") == Json::parse(R"({"b":2,"a":1})"));
  // An ordered copy of a sorted value: its members in sorted order.
  CHECK(OrderedJson(Json::parse(R"({"b":{"d":1,"c":2},"a":[{"f":1,"e":2}]})")).dump() == R"({"a":[{"e":2,"f":1}],"b":{"c":2,"d":1}})");
}

TEST_CASE("json: construction, access and the brace rule follow nlohmann", "[json]") {
  const Json object = {{"a", 1}, {"b", {1, 2}}, {"c", nullptr}, {"a", 9}};
  const json want = {{"a", 1}, {"b", {1, 2}}, {"c", nullptr}, {"a", 9}};
  CHECK(object.dump() == want.dump());
  CHECK(Json({1, "x", true}).dump() == json({1, "x", true}).dump());
  CHECK(Json::array({{"a", 1}}).dump() == json::array({{"a", 1}}).dump());
  CHECK(Json({{"a", 1}, {2, 3}}).dump() == json({{"a", 1}, {2, 3}}).dump());  // not all pairs: an array
  CHECK(Json(std::vector<std::string>{"x", "y"}).dump() == R"(["x","y"])");
  CHECK(Json(std::map<std::string, int>{{"b", 2}, {"a", 1}}).dump() == R"({"a":1,"b":2})");
  Json j;
  j["x"]["y"] = 1;  // null -> object
  j["list"].push_back(1);  // null -> array
  j["list"][3] = "d";  // grows with nulls
  CHECK(j.dump() == R"({"list":[1,null,null,"d"],"x":{"y":1}})");
  CHECK(j.contains("x"));
  CHECK_FALSE(j.contains("y"));
  CHECK(j.find("y") == j.end());
  CHECK(j.value("missing", 5) == 5);
  CHECK(j["x"].value("y", int64_t{0}) == 1);
  CHECK(j.value("missing", "text") == "text");
  CHECK(j.size() == 2);
  CHECK(Json().size() == 0);
  CHECK(Json(3).size() == 1);
  CHECK(Json().empty());
  CHECK(Json::object().empty());
  CHECK(j.erase("x") == 1);
  CHECK(j.erase("x") == 0);
  const Json& cj = j;
  CHECK(cj["missing"].is_null());
  CHECK(cj["list"][99].is_null());
  // Type names, as nlohmann gives them in messages.
  for (const char* text : {"null", "{}", "[]", "\"s\"", "true", "1", "-1", "1.5"})
    CHECK(std::string(Json::parse(text).type_name()) == json::parse(text).type_name());
  // A primitive iterates as itself, null as nothing (nlohmann's ranges).
  int n = 0;
  for (const Json& e : Json("s")) n += e.is_string() ? 1 : 100;
  for (const Json& e : Json()) n += e.is_null() ? 1000 : 1000;
  CHECK(n == 1);
  // Iterators give keys and values; items() gives pairs.
  const Json parsed = Json::parse(R"({"b":2,"a":1})");
  std::string keys;
  for (auto it = parsed.begin(); it != parsed.end(); ++it) keys += it.key() + std::to_string(it.value().get<int>());
  for (const auto& [k, v] : parsed.items()) keys += k + v.dump();
  CHECK(keys == "a1b2a1b2");
}

TEST_CASE("json: Json::object rows give what nlohmann's brace form gives", "[json]") {
  const std::string s = "text";
  const std::string_view sv = "view";
  const Json rows = Json::object({{"z", 1},
                                  {"a", Json::object({{"inner", s}, {"n", -2}})},
                                  {"arr", Json::array({1, "x"})},
                                  {"sv", sv},
                                  {"d", 1.5},
                                  {"b", true},
                                  {"null", nullptr},
                                  {"z", 9}});  // a key given twice keeps its first value, as nlohmann's emplace
  const json want = {{"z", 1},     {"a", {{"inner", s}, {"n", -2}}}, {"arr", json::array({1, "x"})},
                     {"sv", "view"}, {"d", 1.5},  {"b", true}, {"null", nullptr}, {"z", 9}};
  CHECK(rows.dump() == oracle_dump(want));
  CHECK(rows.dump(2) == oracle_dump(want, 2));
  // The brace form of the same members, read by the core's own rule.
  const Json braces = {{"z", 1}, {"a", {{"inner", s}, {"n", -2}}}, {"arr", Json::array({1, "x"})},
                       {"sv", sv},  {"d", 1.5},  {"b", true}, {"null", nullptr}, {"z", 9}};
  CHECK(rows.dump() == braces.dump());
  // In insertion order, as an ordered_json built from the same rows.
  const OrderedJson ordered = Json::object({{"b", 2}, {"a", 1}});
  CHECK(ordered.dump() == oracle_dump(ordered_json(json{{"b", 2}, {"a", 1}})));
  CHECK(Json::object({}).dump() == "{}");
}

TEST_CASE("json: malformed text is a discarded value, as nlohmann refuses it", "[json]") {
  const char* cases[] = {"", " ", "{", "}", "[1,]", "{\"a\":1,}", "{\"a\" 1}", "{a:1}", "[1 2]", "01", "1.", ".5", "-",
                         "+1", "1e", "1e+", "tru", "nul", "NaN", "Infinity", "-Infinity", "\"abc", "\"\\x\"",
                         "\"\\ud800\"", "\"\\udc00\"", "\"a\x01\"", "\"\xFF\"", "[1]x", "{}{}", "[\"\\u12\"]",
                         "\xEF\xBB", "'a'", "[1,,2]", "{\"a\":}", "{,}", "[-]", "[--1]", "1 2", "/* c */ 1"};
  for (const char* text : cases) {
    INFO(text);
    json oracle;
    CHECK_FALSE(oracle_parse(text, oracle));
    CHECK(Json::parse(text).is_discarded());
  }
  // Accepted by both: blanks around the value, a byte order mark, a bare scalar.
  for (const char* text : {" \t\n\r1 ", "\xEF\xBB\xBF{\"a\":1}", "\"s\"", "null", "[]", "{}"}) {
    INFO(text);
    json oracle;
    CHECK(oracle_parse(text, oracle));
    CHECK(Json::parse(text).dump() == oracle.dump());
  }
  // Random edits of a real config: the same verdict, the same value when accepted.
  const std::string base = hfmi::test::hf_config("meta-llama__Llama-3.1-8B");
  std::mt19937 rng(11);
  const char bytes[] = {'{', '}', '[', ']', '"', ',', ':', '\\', '0', '-', 'e', '.', ' ', 'x', '\x80', 'n'};
  size_t differing = 0, accepted = 0;
  for (int i = 0; i < 5000; ++i) {
    std::string text = base;
    for (int k = 0; k < 1 + static_cast<int>(rng() % 3); ++k) {
      const size_t at = rng() % text.size();
      switch (rng() % 3) {
        case 0: text[at] = bytes[rng() % sizeof bytes]; break;
        case 1: text.erase(at, 1); break;
        default: text.insert(at, 1, bytes[rng() % sizeof bytes]);
      }
    }
    json oracle;
    const bool ok = oracle_parse(text, oracle);
    const Json got = Json::parse(text);
    if (got.is_discarded() != !ok || (ok && got.dump() != oracle.dump())) ++differing;
    accepted += ok ? 1 : 0;
  }
  CHECK(differing == 0);
  CHECK(accepted > 0);
}

TEST_CASE("json: the reader says where and why, and refuses nesting deeper than 256 levels", "[json]") {
  std::string why;
  CHECK(hfmi::read_json("{\n\"a\": 1,\n}", hfmi::JsonSyntax{}, &why).is_discarded());
  CHECK(why == "parse error at line 3, column 1: expected a string");
  CHECK(hfmi::json_parse_error("[1, 2]") == "not valid JSON");
  CHECK(hfmi::json_parse_error("[1 2]") == "not valid JSON: parse error at line 1, column 4: expected ',' or a closing bracket");
  const auto nested = [](int depth) { return std::string(static_cast<size_t>(depth), '[') + std::string(static_cast<size_t>(depth), ']'); };
  CHECK_FALSE(Json::parse(nested(hfmi::kMaxJsonDepth)).is_discarded());
  CHECK(Json::parse(nested(hfmi::kMaxJsonDepth)).dump() == json::parse(nested(hfmi::kMaxJsonDepth)).dump());
  CHECK(Json::parse(nested(hfmi::kMaxJsonDepth + 1)).is_discarded());
  auto deep = hfmi::parse_lenient_json(std::string(100000, '[') + std::string(100000, ']'), "E_BAD_JSON");
  REQUIRE_FALSE(deep.ok());
  CHECK(deep.error().code == "E_BAD_JSON");
  CHECK(deep.error().path == "$");
  CHECK(deep.error().message.find("deeper than 256 levels") != std::string::npos);
  CHECK(Json::parse(std::string(100000, '{')).is_discarded());  // no crash, no stack overflow
}

TEST_CASE("json: the lenient reader takes Python's NaN and Infinity", "[json]") {
  auto r = hfmi::parse_lenient_json(R"({"a": NaN, "b": Infinity, "c": -Infinity, "d": [1.7976931348623157e308, 1.5]})", "E");
  REQUIRE(r.ok());
  const Json& j = r.value();
  CHECK(j["a"].is_null());
  CHECK(j["b"].get<double>() == std::numeric_limits<double>::infinity());
  CHECK(j["c"].get<double>() == -std::numeric_limits<double>::infinity());
  CHECK(j["d"][0].get<double>() == std::numeric_limits<double>::infinity());  // DBL_MAX is Infinity's old stand-in
  CHECK(j["d"][1].get<double>() == 1.5);
  CHECK(j.dump() == R"({"a":null,"b":null,"c":null,"d":[null,1.5]})");
  // Strict JSON otherwise: the strict reader refuses the same words, the lenient one anything else.
  CHECK(Json::parse(R"({"a": NaN})").is_discarded());
  for (const char* text : {"[Nan]", "[-NaN]", "[+Infinity]", "[Infinit]", "[1e999]", "[NaNx]"}) {
    INFO(text);
    CHECK_FALSE(hfmi::parse_lenient_json(text, "E").ok());
  }
}

TEST_CASE("json: the core's sources include no nlohmann/json (src/, wasm/)", "[json]") {
  size_t files = 0;
  for (const auto& [path, text] : hfmi::test::core_sources()) {
    ++files;
    INFO(path);
    CHECK(text.find("#include <nlohmann") == std::string::npos);
    CHECK(text.find("nlohmann::") == std::string::npos);
  }
  CHECK(files > 100);
}
