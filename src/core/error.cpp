#include "core/error.hpp"

namespace hfmi {

Error make_error(const char* code, std::string message, std::string path) {
  return Error{code, std::move(message), std::move(path)};
}

}  // namespace hfmi
