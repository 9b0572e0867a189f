// SPDX-License-Identifier: GPL-3.0-or-later
#include "packreader.h"

#include <QDir>
#include <QFile>
#include <QtEndian>
#include <algorithm>
#include <cstring>
#include <utility>
#include <fcntl.h>
#include <git2.h>
#include <git2/sys/odb_backend.h>
#include <unistd.h>
#include <zlib.h>

using namespace Qt::StringLiterals;

namespace rd::git {

namespace {

constexpr int IdSize = 20;
// Longer chains than git ever writes (pack.depth is at most 4095) mean a damaged pack.
constexpr int MaxChainDepth = 5000;
// Bigger objects are left to libgit2 (and are not worth caching anyway); so are delta chains
// whose objects add up to more than MaxChainBytes.
constexpr qint64 MaxObjectBytes = qint64(512) << 20;
constexpr qint64 MaxChainBytes = qint64(4) << 30;
// deflate compresses by at most about 1032:1: a size beyond that many times the bytes left in
// the pack is damage, and is refused before anything is allocated for it.
constexpr qint64 MaxInflateRatio = 1032;
// The first read of an entry: its header and, for most objects in a source repository, all of
// its compressed data. Longer entries are read on in pieces of ReadChunk.
constexpr qsizetype FirstRead = 4 * 1024;
constexpr qsizetype ReadChunk = 16 * 1024;

enum EntryType { OfsDelta = 6, RefDelta = 7 };

} // namespace

struct PackReader::Pack
{
    QFile index;
    const uchar *map = nullptr;
    qint64 mapSize = 0;
    quint32 count = 0;
    const uchar *fanout = nullptr;
    const uchar *ids = nullptr;
    const uchar *offsets32 = nullptr;
    const uchar *offsets64 = nullptr;
    quint64 offsets64Count = 0;
    int fd = -1;
    quint64 packSize = 0;

    ~Pack()
    {
        if (fd >= 0)
            ::close(fd);
    }

    // Index v2: "\377tOc", version 2, 256 fan-out counts, ids, CRCs, 32-bit offsets, 64-bit
    // offsets, two checksums. Anything else (v1, truncated, inconsistent) is not used.
    bool open(const QString &indexPath, const QString &packPath)
    {
        index.setFileName(indexPath);
        if (!index.open(QIODevice::ReadOnly))
            return false;
        mapSize = index.size();
        if (mapSize < 8 + 256 * 4 + 2 * IdSize)
            return false;
        map = index.map(0, mapSize);
        if (!map || std::memcmp(map, "\377tOc", 4) != 0 || qFromBigEndian<quint32>(map + 4) != 2)
            return false;
        fanout = map + 8;
        count = qFromBigEndian<quint32>(fanout + 255 * 4);
        const quint64 fixed = 8 + 256 * 4 + quint64(count) * (IdSize + 4 + 4) + 2 * IdSize;
        if (fixed > quint64(mapSize) || (quint64(mapSize) - fixed) % 8 != 0)
            return false;
        ids = fanout + 256 * 4;
        offsets32 = ids + quint64(count) * IdSize + quint64(count) * 4;
        offsets64 = offsets32 + quint64(count) * 4;
        offsets64Count = (quint64(mapSize) - fixed) / 8;
        for (int i = 1; i < 256; ++i) {
            if (qFromBigEndian<quint32>(fanout + i * 4) < qFromBigEndian<quint32>(fanout + (i - 1) * 4))
                return false;
        }
        fd = ::open(QFile::encodeName(packPath).constData(), O_RDONLY | O_CLOEXEC);
        if (fd < 0)
            return false;
        const off_t end = ::lseek(fd, 0, SEEK_END);
        if (end < 12 + IdSize)
            return false;
        packSize = quint64(end);
        uchar header[12];
        if (::pread(fd, header, sizeof header, 0) != sizeof header || std::memcmp(header, "PACK", 4) != 0)
            return false;
        const quint32 version = qFromBigEndian<quint32>(header + 4);
        if ((version != 2 && version != 3) || qFromBigEndian<quint32>(header + 8) != count)
            return false;
        // The index names the pack it describes by the pack's trailing checksum: a pack
        // replaced under the same name (git repack -f) or a mismatched pair is not used.
        uchar trailer[IdSize];
        return ::pread(fd, trailer, IdSize, off_t(packSize - IdSize)) == IdSize
               && std::memcmp(trailer, map + mapSize - 2 * IdSize, IdSize) == 0;
    }

    std::optional<quint64> find(const uchar *id) const
    {
        quint32 low = id[0] ? qFromBigEndian<quint32>(fanout + (id[0] - 1) * 4) : 0;
        quint32 high = qFromBigEndian<quint32>(fanout + id[0] * 4);
        if (high > count)
            return std::nullopt;
        while (low < high) {
            const quint32 middle = low + (high - low) / 2;
            const int order = std::memcmp(ids + quint64(middle) * IdSize, id, IdSize);
            if (order == 0)
                return offsetAt(middle);
            if (order < 0)
                low = middle + 1;
            else
                high = middle;
        }
        return std::nullopt;
    }

    std::optional<quint64> offsetAt(quint32 n) const
    {
        const quint32 small = qFromBigEndian<quint32>(offsets32 + quint64(n) * 4);
        if (!(small & 0x80000000u))
            return small;
        const quint32 large = small & 0x7fffffffu;
        if (large >= offsets64Count)
            return std::nullopt;
        return qFromBigEndian<quint64>(offsets64 + quint64(large) * 8);
    }

    // Bytes of the pack from `offset`, at most `length` (fewer near its end); empty on error.
    QByteArray readAt(quint64 offset, qsizetype length) const
    {
        const quint64 dataEnd = packSize - IdSize; // the trailing checksum is no object's data
        if (offset >= dataEnd)
            return {};
        QByteArray bytes(qsizetype(std::min<quint64>(quint64(length), dataEnd - offset)), Qt::Uninitialized);
        qsizetype done = 0;
        while (done < bytes.size()) {
            const ssize_t n = ::pread(fd, bytes.data() + done, size_t(bytes.size() - done), off_t(offset + quint64(done)));
            if (n <= 0)
                return {};
            done += n;
        }
        return bytes;
    }
};

namespace {

// Inflates the zlib stream at `offset` of `pack` into exactly `size` bytes.
class Inflater
{
public:
    Inflater() { m_ready = inflateInit(&m_stream) == Z_OK; }
    ~Inflater()
    {
        if (m_ready)
            inflateEnd(&m_stream);
    }
    Inflater(const Inflater &) = delete;
    Inflater &operator=(const Inflater &) = delete;

    // `first`: compressed bytes the caller already read; `offset`: where the pack continues
    // after them.
    template<typename ReadAt>
    std::optional<QByteArray> inflate(const ReadAt &readAt, quint64 offset, qint64 size, QByteArrayView first)
    {
        if (!m_ready || inflateReset(&m_stream) != Z_OK)
            return std::nullopt;
        // One byte more than declared: room for zlib to finish an empty object, and a stream
        // that holds more than declared is caught by the count below.
        QByteArray out(qsizetype(size) + 1, Qt::Uninitialized);
        m_stream.next_out = reinterpret_cast<Bytef *>(out.data());
        m_stream.avail_out = uInt(size + 1);
        QByteArray more;
        while (true) {
            QByteArrayView input = first;
            first = {};
            if (input.isEmpty()) {
                more = readAt(offset, ReadChunk);
                input = more;
                offset += quint64(more.size());
            }
            if (input.isEmpty())
                return std::nullopt;
            m_stream.next_in = reinterpret_cast<Bytef *>(const_cast<char *>(input.constData()));
            m_stream.avail_in = uInt(input.size());
            const int rc = ::inflate(&m_stream, Z_NO_FLUSH);
            if (rc == Z_STREAM_END)
                break;
            // Unconsumed input before the end means more data than declared (or damage); the
            // output may be full already while the end of the stream is in the next read.
            if ((rc != Z_OK && rc != Z_BUF_ERROR) || m_stream.avail_in != 0)
                return std::nullopt;
        }
        if (qint64(m_stream.total_out) != size)
            return std::nullopt;
        out.truncate(qsizetype(size));
        return out;
    }

private:
    z_stream m_stream{};
    bool m_ready = false;
};

Inflater &inflater()
{
    static thread_local Inflater instance;
    return instance;
}

// A little-endian base-128 number of a delta header.
std::optional<quint64> deltaNumber(const uchar *&at, const uchar *end)
{
    quint64 value = 0;
    for (int shift = 0; at < end && shift < 64; shift += 7) {
        const uchar c = *at++;
        value |= quint64(c & 0x7f) << shift;
        if (!(c & 0x80))
            return value;
    }
    return std::nullopt;
}

// git's delta format: source size, result size, then copies from the source and inserts.
std::optional<QByteArray> applyDelta(const QByteArray &base, const QByteArray &delta)
{
    const auto *at = reinterpret_cast<const uchar *>(delta.constData());
    const uchar *end = at + delta.size();
    const auto sourceSize = deltaNumber(at, end);
    const auto resultSize = deltaNumber(at, end);
    if (!sourceSize || !resultSize || *sourceSize != quint64(base.size()) || *resultSize > quint64(MaxObjectBytes))
        return std::nullopt;
    QByteArray result(qsizetype(*resultSize), Qt::Uninitialized);
    char *out = result.data();
    quint64 written = 0;
    while (at < end) {
        const uchar op = *at++;
        if (op & 0x80) {
            quint64 from = 0;
            quint64 length = 0;
            for (int i = 0; i < 4; ++i) {
                if (op & (1 << i)) {
                    if (at >= end)
                        return std::nullopt;
                    from |= quint64(*at++) << (8 * i);
                }
            }
            for (int i = 0; i < 3; ++i) {
                if (op & (0x10 << i)) {
                    if (at >= end)
                        return std::nullopt;
                    length |= quint64(*at++) << (8 * i);
                }
            }
            if (length == 0)
                length = 0x10000;
            if (from + length > quint64(base.size()) || written + length > *resultSize)
                return std::nullopt;
            std::memcpy(out + written, base.constData() + from, size_t(length));
            written += length;
        } else if (op != 0) {
            if (quint64(end - at) < op || written + op > *resultSize)
                return std::nullopt;
            std::memcpy(out + written, at, op);
            at += op;
            written += op;
        } else {
            return std::nullopt; // reserved
        }
    }
    if (written != *resultSize)
        return std::nullopt;
    return result;
}

} // namespace

PackReader::PackReader(const QString &objectsDirectory, qint64 cacheBytes)
    : m_cacheBytes(cacheBytes)
{
    const QDir packs(QDir(objectsDirectory).filePath(u"pack"_s));
    for (const QString &name : packs.entryList({u"pack-*.idx"_s}, QDir::Files, QDir::Name)) {
        auto pack = std::make_unique<Pack>();
        const QString base = packs.filePath(name.chopped(4));
        if (pack->open(base + u".idx"_s, base + u".pack"_s))
            m_packs.push_back(std::move(pack));
    }
}

PackReader::~PackReader() = default;

qsizetype PackReader::packCount() const
{
    return qsizetype(m_packs.size());
}

std::optional<PackReader::Location> PackReader::find(const QByteArray &rawId) const
{
    if (rawId.size() != IdSize)
        return std::nullopt;
    for (size_t i = 0; i < m_packs.size(); ++i) {
        if (auto offset = m_packs[i]->find(reinterpret_cast<const uchar *>(rawId.constData())))
            return Location{qsizetype(i), *offset};
    }
    return std::nullopt;
}

bool PackReader::contains(const QByteArray &rawId) const
{
    return find(rawId).has_value();
}

std::optional<PackReader::Object> PackReader::read(const QByteArray &rawId)
{
    if (m_lastUncached && m_lastUncached->first == rawId)
        return std::exchange(m_lastUncached, std::nullopt)->second;
    const auto location = find(rawId);
    if (!location)
        return std::nullopt;
    auto object = readAt(location->pack, location->offset);
    // Too big for the cache: kept until the next read, which is libgit2 reading the object
    // whose size it just asked for (see backendReadHeader).
    if (object && !cached(location->pack, location->offset))
        m_lastUncached.emplace(rawId, *object);
    return object;
}

std::optional<PackReader::Entry> PackReader::entryAt(qsizetype packIndex, quint64 offset) const
{
    const Pack &pack = *m_packs[size_t(packIndex)];
    // Type and size (base-128, low bits first), then a delta's base, then the compressed data;
    // one read usually holds the entry whole.
    Entry entry;
    entry.bytes = pack.readAt(offset, FirstRead);
    const auto *start = reinterpret_cast<const uchar *>(entry.bytes.constData());
    const auto *at = start;
    const uchar *end = at + entry.bytes.size();
    if (at == end)
        return std::nullopt;
    uchar c = *at++;
    entry.type = (c >> 4) & 7;
    entry.size = c & 0x0f;
    for (int shift = 4; c & 0x80; shift += 7) {
        if (at == end || shift > 56)
            return std::nullopt;
        c = *at++;
        entry.size |= quint64(c & 0x7f) << shift;
    }
    if (entry.type == OfsDelta) {
        if (at == end)
            return std::nullopt;
        c = *at++;
        quint64 distance = c & 0x7f;
        while (c & 0x80) {
            if (at == end || distance >= (quint64(1) << 56))
                return std::nullopt;
            c = *at++;
            distance = ((distance + 1) << 7) | (c & 0x7f);
        }
        if (distance == 0 || distance > offset)
            return std::nullopt;
        entry.baseOffset = offset - distance;
    } else if (entry.type == RefDelta) {
        if (end - at < IdSize)
            return std::nullopt;
        entry.baseOffset = pack.find(at); // git requires a REF_DELTA's base in the same pack
        if (!entry.baseOffset)
            return std::nullopt;
        at += IdSize;
    } else if (entry.type < 1 || entry.type > 4) {
        return std::nullopt;
    }
    entry.headerBytes = qsizetype(at - start);
    entry.nextOffset = offset + quint64(entry.bytes.size());
    const quint64 dataOffset = offset + quint64(entry.headerBytes);
    const quint64 available = pack.packSize - IdSize > dataOffset ? pack.packSize - IdSize - dataOffset : 0;
    if (entry.size > quint64(MaxObjectBytes) || entry.size > available * MaxInflateRatio + 64)
        return std::nullopt;
    return entry;
}

std::optional<QByteArray> PackReader::inflateEntry(qsizetype packIndex, const Entry &entry) const
{
    const Pack &pack = *m_packs[size_t(packIndex)];
    return inflater().inflate([&pack](quint64 from, qsizetype length) { return pack.readAt(from, length); },
                              entry.nextOffset, qint64(entry.size), QByteArrayView(entry.bytes).sliced(entry.headerBytes));
}

std::optional<PackReader::Object> PackReader::readAt(qsizetype packIndex, quint64 offset)
{
    // Down the chain of deltas to an object in the cache or stored whole, then back up,
    // applying each delta; every object met on the way up is remembered.
    struct Link
    {
        quint64 offset;
        Entry entry;
    };
    std::vector<Link> chain;
    std::optional<Object> object;
    for (quint64 at = offset; !object;) {
        if ((object = cached(packIndex, at)))
            break;
        if (chain.size() > MaxChainDepth)
            return std::nullopt;
        auto entry = entryAt(packIndex, at);
        if (!entry)
            return std::nullopt;
        if (entry->baseOffset) {
            const quint64 base = *entry->baseOffset;
            chain.push_back(Link{at, std::move(*entry)});
            at = base;
            continue;
        }
        auto data = inflateEntry(packIndex, *entry);
        if (!data)
            return std::nullopt;
        object = Object{Type(entry->type), std::move(*data)};
        remember(packIndex, at, *object);
    }
    quint64 produced = 0; // a chain of small deltas that each copy a lot could take for ever
    for (auto link = chain.rbegin(); link != chain.rend(); ++link) {
        const auto delta = inflateEntry(packIndex, link->entry);
        if (!delta)
            return std::nullopt;
        auto result = applyDelta(object->data, *delta);
        if (!result || (produced += quint64(result->size())) > quint64(MaxChainBytes))
            return std::nullopt;
        object->data = std::move(*result);
        remember(packIndex, link->offset, *object);
    }
    return object;
}

namespace {

// The cache key of an entry: pack number and offset in one word. Offsets from 2^48 on (an
// index would have to claim a 256 TiB pack) and pack numbers from 2^15 on are never cached,
// so no two entries share a key.
std::optional<quint64> cacheKey(qsizetype pack, quint64 offset)
{
    if (offset >= (quint64(1) << 48) || pack < 0 || pack >= (1 << 15))
        return std::nullopt;
    return (quint64(pack) << 48) | offset;
}

} // namespace

std::optional<PackReader::Object> PackReader::cached(qsizetype pack, quint64 offset)
{
    const auto key = cacheKey(pack, offset);
    if (!key)
        return std::nullopt;
    const auto it = m_cache.find(*key);
    if (it == m_cache.end())
        return std::nullopt;
    m_lru.splice(m_lru.begin(), m_lru, it->second);
    return it->second->object;
}

void PackReader::remember(qsizetype pack, quint64 offset, const Object &object)
{
    const qint64 bytes = object.data.size();
    const auto key = cacheKey(pack, offset);
    if (bytes > m_cacheBytes / 8 || !key || m_cache.contains(*key))
        return;
    m_lru.push_front(CacheEntry{*key, object});
    m_cache.emplace(*key, m_lru.begin());
    m_cachedBytes += bytes;
    while (m_cachedBytes > m_cacheBytes && !m_lru.empty()) {
        m_cachedBytes -= m_lru.back().object.data.size();
        m_cache.erase(m_lru.back().key);
        m_lru.pop_back();
    }
}

namespace {

// The libgit2 side: a backend that answers reads from a PackReader and steps aside
// (GIT_ENOTFOUND) for everything else, so libgit2's own backends answer those.
struct Backend
{
    git_odb_backend parent; // first: libgit2 hands back a pointer to it
    std::unique_ptr<PackReader> reader;
};

static_assert(std::is_standard_layout_v<Backend>, "libgit2 hands back &parent as the backend");

PackReader &readerOf(git_odb_backend *backend)
{
    return *reinterpret_cast<Backend *>(backend)->reader;
}

QByteArray rawId(const git_oid *id)
{
    return QByteArray(reinterpret_cast<const char *>(id->id), IdSize);
}

int backendRead(void **data, size_t *length, git_object_t *type, git_odb_backend *backend, const git_oid *id)
{
    auto object = readerOf(backend).read(rawId(id));
    if (!object)
        return GIT_ENOTFOUND;
    void *buffer = git_odb_backend_data_alloc(backend, size_t(object->data.size()) + 1);
    if (!buffer)
        return -1;
    std::memcpy(buffer, object->data.constData(), size_t(object->data.size()));
    static_cast<char *>(buffer)[object->data.size()] = '\0';
    *data = buffer;
    *length = size_t(object->data.size());
    *type = git_object_t(object->type);
    return 0;
}

// libgit2 asks for a blob's size before reading it; reading it whole here puts it in the cache
// (or, too big for it, in the one-object slot) for the read that follows, which then costs a
// copy.
int backendReadHeader(size_t *length, git_object_t *type, git_odb_backend *backend, const git_oid *id)
{
    auto object = readerOf(backend).read(rawId(id));
    if (!object)
        return GIT_ENOTFOUND;
    *length = size_t(object->data.size());
    *type = git_object_t(object->type);
    return 0;
}

int backendExists(git_odb_backend *backend, const git_oid *id)
{
    return readerOf(backend).contains(rawId(id)) ? 1 : 0;
}

void backendFree(git_odb_backend *backend)
{
    delete reinterpret_cast<Backend *>(backend);
}

} // namespace

bool installPackReader(git_odb *odb, const QString &objectsDirectory)
{
    auto backend = std::make_unique<Backend>();
    if (git_odb_init_backend(&backend->parent, GIT_ODB_BACKEND_VERSION) < 0)
        return false;
    backend->reader = std::make_unique<PackReader>(objectsDirectory);
    if (backend->reader->packCount() == 0)
        return false;
    backend->parent.read = backendRead;
    backend->parent.read_header = backendReadHeader;
    backend->parent.exists = backendExists;
    backend->parent.free = backendFree;
    // Above libgit2's packed (2) and loose (1) backends: asked first.
    if (git_odb_add_backend(odb, &backend->parent, 10) < 0)
        return false;
    backend.release(); // the odb owns it now and frees it with backendFree
    return true;
}

} // namespace rd::git
