#include "gguf/gguf_file_type.hpp"

#include <array>
#include <cstddef>

namespace hfmi {
namespace {

// Index = llama_ftype value. "" marks an id llama.cpp removed (4-6 Q4_1_SOME_F16/Q4_2/Q4_3,
// 33-35 the Q4_0_x_y repacks).
constexpr std::array<const char*, 39> kFileTypes{{
    "F32", "F16", "Q4_0", "Q4_1", "", "", "", "Q8_0", "Q5_0", "Q5_1",                     // 0-9
    "Q2_K", "Q3_K_S", "Q3_K_M", "Q3_K_L", "Q4_K_S", "Q4_K_M", "Q5_K_S", "Q5_K_M", "Q6_K",  // 10-18
    "IQ2_XXS", "IQ2_XS", "Q2_K_S", "IQ3_XS", "IQ3_XXS", "IQ1_S", "IQ4_NL", "IQ3_S",        // 19-26
    "IQ3_M", "IQ2_S", "IQ2_M", "IQ4_XS", "IQ1_M", "BF16", "", "", "", "TQ1_0", "TQ2_0",    // 27-37
    "MXFP4_MOE",                                                                          // 38
}};
static_assert(kFileTypes.size() == 39, "LLAMA_FTYPE_MOSTLY_MXFP4_MOE = 38 is the last row");

}  // namespace

std::string gguf_file_type_name(int64_t file_type) {
  if (file_type == 1024) return "GUESSED";
  if (file_type < 0 || static_cast<size_t>(file_type) >= kFileTypes.size()) return "";
  const char* name = kFileTypes[static_cast<size_t>(file_type)];
  return *name != '\0' ? std::string(name) : "removed file type " + std::to_string(file_type);
}

}  // namespace hfmi
