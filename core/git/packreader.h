// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QByteArray>
#include <QList>
#include <QString>
#include <cstdint>
#include <list>
#include <memory>
#include <optional>
#include <unordered_map>

struct git_odb;

// Reads objects from a repository's pack files (index v2, pack v2/v3), keeping the objects it
// produces — the ones asked for and the delta bases met on the way, each up to an eighth of the
// cache — in one LRU cache.
//
// Why not libgit2's own reader: it keeps only delta bases (16 MB, emptied whole when full) and
// never the object it returned, so walking a delta chain object by object inflates every link
// twice. In a pack where files delta against each other in the order a diff reads them (what
// git fast-import writes), `diff --patch` inflated 86 MB where git inflates 39 MB.
//
// An accelerator, not an authority: whatever it cannot read exactly as stored — an unknown
// format, a short read, a zlib error, a delta that does not fit — it reports as "not here", and
// libgit2's reader, which stays behind it, answers (or reports the damage). One thread at a
// time, like the Diff that owns it.
namespace rd::git {

class PackReader
{
public:
    enum class Type { Commit = 1, Tree = 2, Blob = 3, Tag = 4 };
    struct Object
    {
        Type type = Type::Blob;
        QByteArray data;
    };

    // The packs in `objectsDirectory`/pack. Packs whose index cannot be used are skipped.
    // `cacheBytes`: what the cache may hold; objects over cacheBytes / 8 are not kept.
    explicit PackReader(const QString &objectsDirectory, qint64 cacheBytes = 8 << 20);
    ~PackReader();
    PackReader(const PackReader &) = delete;
    PackReader &operator=(const PackReader &) = delete;

    qsizetype packCount() const;
    // The object with this raw (20-byte) id, or nothing when no pack holds it readably.
    std::optional<Object> read(const QByteArray &rawId);
    // Whether a pack index lists the id (without reading it).
    bool contains(const QByteArray &rawId) const;

private:
    struct Pack;
    struct Location
    {
        qsizetype pack = -1;
        quint64 offset = 0;
    };
    // One entry of a pack: its header, parsed, and the first bytes read from it.
    struct Entry
    {
        int type = 0;
        quint64 size = 0;                  // of the inflated data (a delta's own size for deltas)
        std::optional<quint64> baseOffset; // deltas: where the base's entry starts
        QByteArray bytes;                  // the entry's first bytes
        qsizetype headerBytes = 0;         // how many of them are header
        quint64 nextOffset = 0;            // where the pack continues after `bytes`
    };
    std::optional<Location> find(const QByteArray &rawId) const;
    std::optional<Entry> entryAt(qsizetype pack, quint64 offset) const;
    std::optional<QByteArray> inflateEntry(qsizetype pack, const Entry &entry) const;
    std::optional<Object> readAt(qsizetype pack, quint64 offset);
    std::optional<Object> cached(qsizetype pack, quint64 offset);
    void remember(qsizetype pack, quint64 offset, const Object &object);

    std::vector<std::unique_ptr<Pack>> m_packs;
    qint64 m_cacheBytes = 0;
    qint64 m_cachedBytes = 0;
    struct CacheEntry
    {
        quint64 key;
        Object object;
    };
    std::list<CacheEntry> m_lru; // most recently used first
    std::optional<std::pair<QByteArray, Object>> m_lastUncached; // id and object, see read()
    std::unordered_map<quint64, std::list<CacheEntry>::iterator> m_cache;
};

// Puts a PackReader for `objectsDirectory` in front of libgit2's own backends of `odb`.
// False when there is no pack it can read (then nothing changes).
bool installPackReader(git_odb *odb, const QString &objectsDirectory);

} // namespace rd::git
