#include "core/double_text.hpp"

#include <cmath>
#include <cstdint>
#include <cstring>

// Grisu2 (Loitsch, "Printing Floating-Point Numbers Quickly and Accurately with Integers", PLDI 2010), as
// nlohmann/json 3.11's detail/conversions/to_chars.hpp implements it (MIT, Copyright (c) 2009 Florian Loitsch,
// 2013-2022 Niels Lohmann), reduced to doubles. The same digits and the same layout as that file, so the
// core's JSON text is what nlohmann's dump() wrote; tests/cpp/json_value_test.cpp compares the two on random doubles.

namespace hfmi {
namespace {

struct DiyFp {  // f * 2^e
  uint64_t f;
  int e;
};

DiyFp diy_sub(DiyFp x, DiyFp y) { return {x.f - y.f, x.e}; }

// The upper 64 bits of x * y, rounded (ties up).
DiyFp diy_mul(DiyFp x, DiyFp y) {
  const uint64_t u_lo = x.f & 0xFFFFFFFFu, u_hi = x.f >> 32u;
  const uint64_t v_lo = y.f & 0xFFFFFFFFu, v_hi = y.f >> 32u;
  const uint64_t p0 = u_lo * v_lo, p1 = u_lo * v_hi, p2 = u_hi * v_lo, p3 = u_hi * v_hi;
  uint64_t q = (p0 >> 32u) + (p1 & 0xFFFFFFFFu) + (p2 & 0xFFFFFFFFu);
  q += uint64_t{1} << 31u;
  return {p3 + (p2 >> 32u) + (p1 >> 32u) + (q >> 32u), x.e + y.e + 64};
}

DiyFp diy_normalize(DiyFp x) {
  while ((x.f >> 63u) == 0) {
    x.f <<= 1u;
    x.e--;
  }
  return x;
}

struct Boundaries {
  DiyFp w, minus, plus;
};

// v = x (finite, positive) and its neighbours' midpoints m- and m+, normalized to m+'s exponent.
Boundaries compute_boundaries(double x) {
  constexpr int kPrecision = 53;
  constexpr int kBias = 1024 - 1 + (kPrecision - 1);
  constexpr int kMinExp = 1 - kBias;
  constexpr uint64_t kHiddenBit = uint64_t{1} << (kPrecision - 1);
  uint64_t bits = 0;
  std::memcpy(&bits, &x, sizeof bits);
  const uint64_t biased = bits >> (kPrecision - 1);
  const uint64_t fraction = bits & (kHiddenBit - 1);
  const DiyFp v = biased == 0 ? DiyFp{fraction, kMinExp} : DiyFp{fraction + kHiddenBit, static_cast<int>(biased) - kBias};
  const bool lower_boundary_is_closer = fraction == 0 && biased > 1;
  const DiyFp m_plus{2 * v.f + 1, v.e - 1};
  const DiyFp m_minus = lower_boundary_is_closer ? DiyFp{4 * v.f - 1, v.e - 2} : DiyFp{2 * v.f - 1, v.e - 1};
  const DiyFp w_plus = diy_normalize(m_plus);
  const DiyFp w_minus{m_minus.f << (m_minus.e - w_plus.e), w_plus.e};
  return {diy_normalize(v), w_minus, w_plus};
}

constexpr int kAlpha = -60;

struct CachedPower {  // f * 2^e ~= 10^k
  uint64_t f;
  int e;
  int k;
};

// For a normalized w = f * 2^e: a cached power of ten c with kAlpha <= e_c + e + 64 <= -32.
CachedPower cached_power_for(int e) {
  static constexpr CachedPower kCachedPowers[] = {
      {0xAB70FE17C79AC6CA, -1060, -300}, {0xFF77B1FCBEBCDC4F, -1034, -292}, {0xBE5691EF416BD60C, -1007, -284},
      {0x8DD01FAD907FFC3C, -980, -276},  {0xD3515C2831559A83, -954, -268},  {0x9D71AC8FADA6C9B5, -927, -260},
      {0xEA9C227723EE8BCB, -901, -252},  {0xAECC49914078536D, -874, -244},  {0x823C12795DB6CE57, -847, -236},
      {0xC21094364DFB5637, -821, -228},  {0x9096EA6F3848984F, -794, -220},  {0xD77485CB25823AC7, -768, -212},
      {0xA086CFCD97BF97F4, -741, -204},  {0xEF340A98172AACE5, -715, -196},  {0xB23867FB2A35B28E, -688, -188},
      {0x84C8D4DFD2C63F3B, -661, -180},  {0xC5DD44271AD3CDBA, -635, -172},  {0x936B9FCEBB25C996, -608, -164},
      {0xDBAC6C247D62A584, -582, -156},  {0xA3AB66580D5FDAF6, -555, -148},  {0xF3E2F893DEC3F126, -529, -140},
      {0xB5B5ADA8AAFF80B8, -502, -132},  {0x87625F056C7C4A8B, -475, -124},  {0xC9BCFF6034C13053, -449, -116},
      {0x964E858C91BA2655, -422, -108},  {0xDFF9772470297EBD, -396, -100},  {0xA6DFBD9FB8E5B88F, -369, -92},
      {0xF8A95FCF88747D94, -343, -84},   {0xB94470938FA89BCF, -316, -76},   {0x8A08F0F8BF0F156B, -289, -68},
      {0xCDB02555653131B6, -263, -60},   {0x993FE2C6D07B7FAC, -236, -52},   {0xE45C10C42A2B3B06, -210, -44},
      {0xAA242499697392D3, -183, -36},   {0xFD87B5F28300CA0E, -157, -28},   {0xBCE5086492111AEB, -130, -20},
      {0x8CBCCC096F5088CC, -103, -12},   {0xD1B71758E219652C, -77, -4},     {0x9C40000000000000, -50, 4},
      {0xE8D4A51000000000, -24, 12},     {0xAD78EBC5AC620000, 3, 20},       {0x813F3978F8940984, 30, 28},
      {0xC097CE7BC90715B3, 56, 36},      {0x8F7E32CE7BEA5C70, 83, 44},      {0xD5D238A4ABE98068, 109, 52},
      {0x9F4F2726179A2245, 136, 60},     {0xED63A231D4C4FB27, 162, 68},     {0xB0DE65388CC8ADA8, 189, 76},
      {0x83C7088E1AAB65DB, 216, 84},     {0xC45D1DF942711D9A, 242, 92},     {0x924D692CA61BE758, 269, 100},
      {0xDA01EE641A708DEA, 295, 108},    {0xA26DA3999AEF774A, 322, 116},    {0xF209787BB47D6B85, 348, 124},
      {0xB454E4A179DD1877, 375, 132},    {0x865B86925B9BC5C2, 402, 140},    {0xC83553C5C8965D3D, 428, 148},
      {0x952AB45CFA97A0B3, 455, 156},    {0xDE469FBD99A05FE3, 481, 164},    {0xA59BC234DB398C25, 508, 172},
      {0xF6C69A72A3989F5C, 534, 180},    {0xB7DCBF5354E9BECE, 561, 188},    {0x88FCF317F22241E2, 588, 196},
      {0xCC20CE9BD35C78A5, 614, 204},    {0x98165AF37B2153DF, 641, 212},    {0xE2A0B5DC971F303A, 667, 220},
      {0xA8D9D1535CE3B396, 694, 228},    {0xFB9B7CD9A4A7443C, 720, 236},    {0xBB764C4CA7A44410, 747, 244},
      {0x8BAB8EEFB6409C1A, 774, 252},    {0xD01FEF10A657842C, 800, 260},    {0x9B10A4E5E9913129, 827, 268},
      {0xE7109BFBA19C0C9D, 853, 276},    {0xAC2820D9623BF429, 880, 284},    {0x80444B5E7AA7CF85, 907, 292},
      {0xBF21E44003ACDD2D, 933, 300},    {0x8E679C2F5E44FF8F, 960, 308},    {0xD433179D9C8CB841, 986, 316},
      {0x9E19DB92B4E31BA9, 1013, 324},
  };
  constexpr int kMinDecExp = -300, kDecStep = 8;
  const int f = kAlpha - e - 1;
  const int k = (f * 78913) / (1 << 18) + static_cast<int>(f > 0);
  return kCachedPowers[(-kMinDecExp + k + (kDecStep - 1)) / kDecStep];
}

// For n != 0: k with 10^(k-1) <= n < 10^k, and pow10 = 10^(k-1).
int largest_pow10(uint32_t n, uint32_t& pow10) {
  int k = 10;
  for (pow10 = 1000000000; k > 1 && n < pow10; --k) pow10 /= 10;
  return k;
}

void grisu2_round(char* buf, int len, uint64_t dist, uint64_t delta, uint64_t rest, uint64_t ten_k) {
  while (rest < dist && delta - rest >= ten_k && (rest + ten_k < dist || dist - rest > rest + ten_k - dist)) {
    buf[len - 1]--;
    rest += ten_k;
  }
}

// V = buffer * 10^decimal_exponent with M- <= V <= M+ (same exponent, -60 <= e <= -32).
void grisu2_digit_gen(char* buffer, int& length, int& decimal_exponent, DiyFp m_minus, DiyFp w, DiyFp m_plus) {
  uint64_t delta = diy_sub(m_plus, m_minus).f;
  uint64_t dist = diy_sub(m_plus, w).f;
  const DiyFp one{uint64_t{1} << -m_plus.e, m_plus.e};
  auto p1 = static_cast<uint32_t>(m_plus.f >> -one.e);
  uint64_t p2 = m_plus.f & (one.f - 1);
  uint32_t pow10 = 0;
  for (int n = largest_pow10(p1, pow10); n > 0;) {
    const uint32_t d = p1 / pow10;
    p1 %= pow10;
    buffer[length++] = static_cast<char>('0' + d);
    n--;
    const uint64_t rest = (uint64_t{p1} << -one.e) + p2;
    if (rest <= delta) {
      decimal_exponent += n;
      grisu2_round(buffer, length, dist, delta, rest, uint64_t{pow10} << -one.e);
      return;
    }
    pow10 /= 10;
  }
  int m = 0;
  for (;;) {
    p2 *= 10;
    buffer[length++] = static_cast<char>('0' + (p2 >> -one.e));
    p2 &= one.f - 1;
    m++;
    delta *= 10;
    dist *= 10;
    if (p2 <= delta) break;
  }
  decimal_exponent -= m;
  grisu2_round(buffer, length, dist, delta, p2, one.f);
}

void grisu2(char* buf, int& len, int& decimal_exponent, double x) {
  const Boundaries b = compute_boundaries(x);
  const CachedPower cached = cached_power_for(b.plus.e);
  const DiyFp c_minus_k{cached.f, cached.e};
  const DiyFp w = diy_mul(b.w, c_minus_k);
  const DiyFp w_minus = diy_mul(b.minus, c_minus_k);
  const DiyFp w_plus = diy_mul(b.plus, c_minus_k);
  decimal_exponent = -cached.k;
  grisu2_digit_gen(buf, len, decimal_exponent, {w_minus.f + 1, w_minus.e}, w, {w_plus.f - 1, w_plus.e});
}

// e (-1000 < e < 1000) with its sign and at least two digits.
char* append_exponent(char* buf, int e) {
  *buf++ = e < 0 ? '-' : '+';
  auto k = static_cast<uint32_t>(e < 0 ? -e : e);
  if (k >= 100) {
    *buf++ = static_cast<char>('0' + k / 100);
    k %= 100;
  }
  *buf++ = static_cast<char>('0' + k / 10);
  *buf++ = static_cast<char>('0' + k % 10);
  return buf;
}

// buf[0, len) * 10^decimal_exponent: fixed notation for 10^min_exp <= v < 10^max_exp, else exponential.
char* format_buffer(char* buf, int len, int decimal_exponent, int min_exp, int max_exp) {
  const int k = len;
  const int n = len + decimal_exponent;
  if (k <= n && n <= max_exp) {  // digits[000].0
    std::memset(buf + k, '0', static_cast<size_t>(n - k));
    buf[n] = '.';
    buf[n + 1] = '0';
    return buf + n + 2;
  }
  if (0 < n && n <= max_exp) {  // dig.its
    std::memmove(buf + n + 1, buf + n, static_cast<size_t>(k - n));
    buf[n] = '.';
    return buf + k + 1;
  }
  if (min_exp < n && n <= 0) {  // 0.[000]digits
    std::memmove(buf + 2 - n, buf, static_cast<size_t>(k));
    buf[0] = '0';
    buf[1] = '.';
    std::memset(buf + 2, '0', static_cast<size_t>(-n));
    return buf + 2 - n + k;
  }
  if (k == 1) {  // dE+123
    buf += 1;
  } else {  // d.igitsE+123
    std::memmove(buf + 2, buf + 1, static_cast<size_t>(k - 1));
    buf[1] = '.';
    buf += 1 + k;
  }
  *buf++ = 'e';
  return append_exponent(buf, n - 1);
}

}  // namespace

void append_shortest_double(std::string& out, double x) {
  char buf[32];  // sign, 17 digits, up to 15 zeros or "e+308": nlohmann's buffer is 64
  char* first = buf;
  if (std::signbit(x)) {
    x = -x;
    *first++ = '-';
  }
  if (x == 0) {
    out.append(buf, first);
    out += "0.0";
    return;
  }
  int len = 0, decimal_exponent = 0;
  grisu2(first, len, decimal_exponent, x);
  constexpr int kMinExp = -4, kMaxExp = 15;  // std::numeric_limits<double>::digits10
  out.append(buf, format_buffer(first, len, decimal_exponent, kMinExp, kMaxExp));
}

}  // namespace hfmi
