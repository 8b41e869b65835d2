// append(to, from): what to.insert(to.end(), from.begin(), from.end()) does, as push_backs. vector's range insert
// is a large template (reallocation, moves, overlap) instantiated per element type, about 1 KB of the browser
// core's code each; push_back is instantiated for these types anyway.
#pragma once
#include <vector>

namespace hfmi {

template <class T>
void append(std::vector<T>& to, const std::vector<T>& from) {
  for (const T& x : from) to.push_back(x);
}

}  // namespace hfmi
