// FunctionRef: a non-owning reference to a callable, for parameters that call back and do not keep the callable
// (as llvm::function_ref). It is two pointers: the callable and one small trampoline per callable type.
// std::function would copy the callable and give each lambda type a table of clone/destroy/call/target functions,
// several hundred bytes of the browser core's code per lambda. The callable must outlive the call it is passed to.
#pragma once
#include <cstddef>
#include <memory>
#include <type_traits>
#include <utility>

namespace hfmi {

template <class Signature>
class FunctionRef;

template <class R, class... Args>
class FunctionRef<R(Args...)> {
 public:
  FunctionRef() = default;
  FunctionRef(std::nullptr_t) {}  // NOLINT(google-explicit-constructor): "no callback"
  template <class F, std::enable_if_t<!std::is_same<std::decay_t<F>, FunctionRef>::value, int> = 0>
  FunctionRef(F&& f)  // NOLINT(google-explicit-constructor, bugprone-forwarding-reference-overload)
      : callable_(const_cast<void*>(static_cast<const void*>(std::addressof(f)))),
        call_(&call<std::remove_reference_t<F>>) {}

  explicit operator bool() const { return call_ != nullptr; }
  R operator()(Args... args) const { return call_(callable_, std::forward<Args>(args)...); }

 private:
  template <class F>
  static R call(void* callable, Args... args) {
    return (*static_cast<F*>(callable))(std::forward<Args>(args)...);
  }

  void* callable_ = nullptr;
  R (*call_)(void*, Args...) = nullptr;
};

}  // namespace hfmi
