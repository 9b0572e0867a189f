// SPDX-License-Identifier: GPL-3.0-or-later
#include "similarity.h"

#include <QFile>
#include <algorithm>
#include <array>
#include <cstring>
#include <vector>

namespace rd::git::detail {

namespace {

// Constants from git's diffcore.h / diffcore-delta.c.
constexpr quint64 MaxScore = 60000;
constexpr quint64 MinimumScore = 30000; // -M default: 50%
constexpr unsigned HashBase = 107927;

struct Span
{
    unsigned hash;
    quint64 bytes;
};

// Spans summed by hash % Buckets: Σ min(a, b) over the buckets of two files is at least what
// they share (each span's bytes count only towards its own bucket), a bound that rules out most
// unrelated pairs in one pass over two small arrays before their spans are compared.
constexpr unsigned Buckets = 512;

struct Signature
{
    quint64 size = 0;
    quint64 spanBytes = 0;   // the bytes of all spans together
    std::vector<Span> spans; // sorted by hash
    std::array<quint32, Buckets> buckets{};
    // A bucket holds at most the file's size: under 4 GiB it fits, beyond no bound is used.
    bool hasBuckets() const { return size <= 0xffffffffu; }
};

// git's buffer_is_binary: a NUL byte in the first 8000 bytes.
bool isBinary(const char *data, size_t size)
{
    return std::memchr(data, 0, std::min<size_t>(size, 8000)) != nullptr;
}

// diffcore-delta.c hash_chars(): spans end at a newline or after 64 bytes; a CR before LF
// is ignored in text.
Signature hashChars(const char *data, size_t size)
{
    Signature signature;
    signature.size = size;
    const bool text = !isBinary(data, size);
    // Every span, then the ones with equal hashes added up (a sort does that faster than a map).
    std::vector<Span> spans;
    spans.reserve(size / 32 + 1);
    unsigned accum1 = 0;
    unsigned accum2 = 0;
    unsigned n = 0;
    const auto *buf = reinterpret_cast<const unsigned char *>(data);
    size_t remaining = size;
    while (remaining) {
        const unsigned c = *buf++;
        const unsigned old1 = accum1;
        --remaining;
        if (text && c == '\r' && remaining && *buf == '\n')
            continue;
        accum1 = (accum1 << 7) ^ (accum2 >> 25);
        accum2 = (accum2 << 7) ^ (old1 >> 25);
        accum1 += c;
        if (++n < 64 && c != '\n')
            continue;
        spans.push_back({(accum1 + accum2 * 0x61) % HashBase, n});
        n = 0;
        accum1 = accum2 = 0;
    }
    if (n > 0)
        spans.push_back({(accum1 + accum2 * 0x61) % HashBase, n});
    std::sort(spans.begin(), spans.end(), [](const Span &a, const Span &b) { return a.hash < b.hash; });
    for (const Span &span : spans) {
        if (!signature.spans.empty() && signature.spans.back().hash == span.hash)
            signature.spans.back().bytes += span.bytes;
        else
            signature.spans.push_back(span);
        signature.spanBytes += span.bytes;
        signature.buckets[span.hash % Buckets] += quint32(span.bytes); // cannot wrap: see hasBuckets
    }
    return signature;
}

int bufferSignature(void **out, const git_diff_file *, const char *buf, size_t length, void *)
{
    *out = new Signature(hashChars(buf, length));
    return 0;
}

int fileSignature(void **out, const git_diff_file *, const char *fullPath, void *)
{
    QFile file(QFile::decodeName(fullPath));
    if (!file.open(QIODevice::ReadOnly))
        return -1;
    const QByteArray data = file.readAll();
    *out = new Signature(hashChars(data.constData(), size_t(data.size())));
    return 0;
}

void freeSignature(void *signature, void *)
{
    delete static_cast<Signature *>(signature);
}

// diffcore-rename.c estimate_similarity() over diffcore_count_changes(), reported in percent
// as git prints it (score * 100 / MAX_SCORE).
int similarity(int *score, void *a, void *b, void *)
{
    const auto &src = *static_cast<const Signature *>(a);
    const auto &dst = *static_cast<const Signature *>(b);
    *score = 0;
    const quint64 maxSize = std::max(src.size, dst.size);
    const quint64 baseSize = std::min(src.size, dst.size);
    if (maxSize == 0 || maxSize * (MaxScore - MinimumScore) < (maxSize - baseSize) * MaxScore)
        return 0;
    // Below git's minimum score a pair is no rename, whatever its exact score: stop comparing
    // as soon as the spans still ahead cannot bring `copied` up to it. libgit2 compares every
    // removed file with every added one, so this loop is most of a big diff's rename detection.
    const quint64 needed = (MinimumScore * maxSize + MaxScore - 1) / MaxScore;
    if (src.hasBuckets() && dst.hasBuckets()) {
        quint64 bound = 0;
        for (unsigned k = 0; k < Buckets; ++k)
            bound += std::min(src.buckets[k], dst.buckets[k]);
        if (bound < needed)
            return 0;
    }
    quint64 copied = 0;
    quint64 ahead = src.spanBytes;
    auto d = dst.spans.begin();
    for (const Span &s : src.spans) {
        if (copied + ahead < needed)
            return 0;
        ahead -= s.bytes;
        while (d != dst.spans.end() && d->hash < s.hash)
            ++d;
        if (d != dst.spans.end() && d->hash == s.hash) {
            copied += std::min(s.bytes, d->bytes);
            ++d;
        }
    }
    const quint64 gitScore = copied * MaxScore / maxSize;
    *score = int(gitScore * 100 / MaxScore);
    return 0;
}

} // namespace

git_diff_similarity_metric *gitSimilarityMetric()
{
    static git_diff_similarity_metric metric{fileSignature, bufferSignature, freeSignature, similarity, nullptr};
    return &metric;
}

} // namespace rd::git::detail
