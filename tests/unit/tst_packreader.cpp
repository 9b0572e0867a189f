// SPDX-License-Identifier: GPL-3.0-or-later
// core/git PackReader: every object of real packs (as git repack, git fast-import and
// pack-objects without offset deltas write them) read exactly as `git cat-file` prints it;
// hand-made damaged and hostile packs are refused — "not here", never wrong bytes, no hang —
// and a diff over a damaged pack reports libgit2's error instead of printing a patch.
#include "git/diff.h"
#include "git/packreader.h"
#include "git/patchwriter.h"
#include "git/verification.h"
#include "gitrun.h"

#include <QDir>
#include <QFile>
#include <QTemporaryDir>
#include <QTest>
#include <QtEndian>
#include <functional>
#include <algorithm>
#include <numeric>

using namespace Qt::StringLiterals;
using rd::git::PackReader;
using rd::test::git;

namespace {

bool writeFile(const QString &path, const QByteArray &bytes)
{
    QDir().mkpath(QFileInfo(path).path());
    QFile file(path);
    return file.open(QIODevice::WriteOnly | QIODevice::Truncate) && file.write(bytes) == bytes.size();
}

// Text that changes a little from version to version, so git stores most versions as deltas.
QByteArray fileText(int file, int version)
{
    QByteArray text;
    for (int line = 0; line < 120; ++line) {
        const bool edited = version > 0 && line % 17 == version % 17;
        text += "file " + QByteArray::number(file) + " line " + QByteArray::number(line)
                + (edited ? " edited in version " + QByteArray::number(version) : QByteArray()) + '\n';
    }
    return text;
}

// Bytes that do not compress (so their entries span several reads of the pack), the same
// for a seed, with a few bytes changed per version (so they are stored as deltas).
QByteArray noise(int bytes, int seed, int version)
{
    QByteArray data(bytes, Qt::Uninitialized);
    quint32 x = 2463534242u + quint32(seed);
    for (int i = 0; i < bytes; ++i) {
        x ^= x << 13;
        x ^= x >> 17;
        x ^= x << 5;
        data[i] = char(x);
    }
    for (int v = 1; v <= version; ++v)
        data[(v * 7919) % bytes] = char(v);
    return data;
}

// A repository of 40 text files and 3 files of 40 KiB of noise, and 4 commits editing all.
QString makeHistory(const QString &dir)
{
    const QString repo = dir + u"/repo"_s;
    QDir().mkpath(repo);
    git(repo, {u"init"_s, u"-q"_s, u"-b"_s, u"main"_s});
    for (int version = 0; version < 4; ++version) {
        for (int f = 0; f < 3; ++f)
            writeFile(repo + u"/data/noise%1.bin"_s.arg(f), noise(40 * 1024, f, version));
        for (int f = 0; f < 40; ++f)
            writeFile(repo + u"/src/dir%1/file%2.txt"_s.arg(f % 4).arg(f), fileText(f, version));
        git(repo, {u"add"_s, u"-A"_s});
        git(repo, {u"commit"_s, u"-q"_s, u"-m"_s, u"version %1"_s.arg(version)});
    }
    return repo;
}

struct ExpectedObject
{
    QByteArray id; // raw 20 bytes
    QByteArray type;
    QByteArray data;
};

// Every object of the repository's packs as `git cat-file --batch` prints it.
QList<ExpectedObject> packedObjects(const QString &repo)
{
    const QByteArray list = git(repo, {u"cat-file"_s, u"--batch-all-objects"_s, u"--batch-check=%(objectname)"_s}).out;
    const QByteArray batch = git(repo, {u"cat-file"_s, u"--batch"_s}, list).out;
    QList<ExpectedObject> objects;
    qsizetype at = 0;
    while (at < batch.size()) {
        const qsizetype newline = batch.indexOf('\n', at);
        const QList<QByteArray> header = batch.mid(at, newline - at).split(' ');
        if (header.size() != 3)
            break;
        const qsizetype size = header[2].toLongLong();
        objects.append({QByteArray::fromHex(header[0]), header[1], batch.mid(newline + 1, size)});
        at = newline + 1 + size + 1;
    }
    return objects;
}

QByteArray typeName(PackReader::Type type)
{
    switch (type) {
    case PackReader::Type::Commit: return "commit";
    case PackReader::Type::Tree: return "tree";
    case PackReader::Type::Blob: return "blob";
    case PackReader::Type::Tag: return "tag";
    }
    return "?";
}

// ---- hand-made packs ------------------------------------------------------------------

enum EntryType { Blob = 3, OfsDelta = 6, RefDelta = 7 };

QByteArray entryHeader(int type, quint64 size)
{
    QByteArray header;
    uchar c = uchar((type << 4) | (size & 0x0f));
    size >>= 4;
    while (size) {
        header += char(c | 0x80);
        c = uchar(size & 0x7f);
        size >>= 7;
    }
    header += char(c);
    return header;
}

QByteArray ofsDistance(quint64 distance)
{
    QByteArray bytes(1, char(distance & 0x7f));
    while (distance >>= 7) {
        --distance;
        bytes.prepend(char(0x80 | (distance & 0x7f)));
    }
    return bytes;
}

QByteArray deltaNumber(quint64 n)
{
    QByteArray bytes;
    do {
        uchar c = n & 0x7f;
        n >>= 7;
        bytes += char(n ? (c | 0x80) : c);
    } while (n);
    return bytes;
}

QByteArray zlib(const QByteArray &data)
{
    if (data.isEmpty()) // qCompress gives no stream at all for nothing
        return QByteArray("\x78\x9c\x03\x00\x00\x00\x00\x01", 8);
    return qCompress(data).mid(4); // qCompress puts a 4-byte length before the zlib stream
}

QByteArray fakeId(int n)
{
    QByteArray id(20, char(n));
    id[0] = char(0x10 * (n + 1)); // spread over the fan-out
    return id;
}

// One entry: its id, and its bytes given the offset it will have (OFS_DELTA distances).
struct HandEntry
{
    QByteArray id;
    std::function<QByteArray(quint64 offset, const QList<quint64> &offsets)> bytes;
};

// How the index lists an entry's offset: as written (32-bit) or through the 64-bit table,
// optionally a made-up one.
struct IndexOffsets
{
    bool large = false;
    std::function<quint64(qsizetype entry, quint64 offset)> claim; // unset: the real offset
};

// Writes pack-<name>.pack and a v2 index for `entries` into `objects`/pack.
void writePack(const QString &objects, const QList<HandEntry> &entries, const QByteArray &indexOverride = {},
               const QString &name = u"hand"_s, const IndexOffsets &listed = {})
{
    QByteArray pack = "PACK";
    pack += QByteArray(4, 0);
    qToBigEndian<quint32>(2, pack.data() + 4);
    pack += QByteArray(4, 0);
    qToBigEndian<quint32>(quint32(entries.size()), pack.data() + 8);
    QList<quint64> offsets;
    for (const HandEntry &entry : entries) {
        offsets.append(quint64(pack.size()));
        pack += entry.bytes(quint64(pack.size()), offsets);
    }
    pack += QByteArray(20, '\x5a'); // checksum: not checked by the reader

    QList<qsizetype> order(entries.size());
    std::iota(order.begin(), order.end(), 0);
    std::sort(order.begin(), order.end(), [&](qsizetype a, qsizetype b) { return entries[a].id < entries[b].id; });
    QByteArray index("\377tOc\0\0\0\2", 8);
    for (int byte = 0; byte < 256; ++byte) {
        quint32 count = 0;
        for (const HandEntry &entry : entries)
            count += uchar(entry.id[0]) <= byte ? 1 : 0;
        char be[4];
        qToBigEndian(count, be);
        index.append(be, 4);
    }
    for (qsizetype i : order)
        index += entries[i].id;
    index += QByteArray(4 * entries.size(), 0); // CRCs
    QByteArray large;
    for (qsizetype i : order) {
        const quint64 offset = listed.claim ? listed.claim(i, offsets[i]) : offsets[i];
        char be[8];
        if (listed.large) {
            qToBigEndian(quint32(0x80000000u | quint32(large.size() / 8)), be);
            index.append(be, 4);
            qToBigEndian(offset, be);
            large.append(be, 8);
        } else {
            qToBigEndian(quint32(offset), be);
            index.append(be, 4);
        }
    }
    index += large + QByteArray(40, '\x5a');
    QDir().mkpath(objects + u"/pack"_s);
    QVERIFY(writeFile(objects + u"/pack/pack-"_s + name + u".pack"_s, pack));
    QVERIFY(writeFile(objects + u"/pack/pack-"_s + name + u".idx"_s, indexOverride.isEmpty() ? index : indexOverride));
}

HandEntry wholeBlob(const QByteArray &id, const QByteArray &content)
{
    return {id, [content](quint64, const QList<quint64> &) -> QByteArray { return entryHeader(Blob, quint64(content.size())) + zlib(content); }};
}

// An OFS_DELTA on entry `base` (by position) carrying `delta` as its data.
HandEntry ofsDelta(const QByteArray &id, int base, const QByteArray &delta)
{
    return {id, [base, delta](quint64 offset, const QList<quint64> &offsets) -> QByteArray {
                return entryHeader(OfsDelta, quint64(delta.size())) + ofsDistance(offset - offsets[base]) + zlib(delta);
            }};
}

QByteArray copyOp(quint32 from, quint32 length)
{
    QByteArray op(1, char(0x80 | 0x0f | 0x70));
    for (int i = 0; i < 4; ++i)
        op += char((from >> (8 * i)) & 0xff);
    for (int i = 0; i < 3; ++i)
        op += char((length >> (8 * i)) & 0xff);
    return op;
}

QByteArray insertOp(const QByteArray &bytes)
{
    return char(bytes.size()) + bytes;
}

const QByteArray BaseText = "hello world\n"; // 12 bytes

} // namespace

Q_DECLARE_METATYPE(HandEntry)

class TestPackReader : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void readsEveryObjectAsGitDoes_data();
    void readsEveryObjectAsGitDoes();
    void looseAndUnknownObjectsAreNotHere();
    void handMadePacks_data();
    void handMadePacks();
    void unusableIndexesAreSkipped_data();
    void unusableIndexesAreSkipped();
    void largeOffsets();
    void emptyBlob();
    void indexOfAnotherPackIsNotUsed();
    void damagedPackGivesAnErrorNotAPatch();

private:
    QTemporaryDir m_dir;
};

void TestPackReader::readsEveryObjectAsGitDoes_data()
{
    QTest::addColumn<QString>("layout");
    QTest::addColumn<qint64>("cacheBytes");
    QTest::newRow("git repack (offset deltas)") << u"repack"_s << qint64(8 << 20);
    QTest::newRow("git repack, tiny cache") << u"repack"_s << qint64(16 * 1024);
    QTest::newRow("reference deltas") << u"refdelta"_s << qint64(8 << 20);
    QTest::newRow("git fast-import's pack") << u"fast-import"_s << qint64(8 << 20);
    QTest::newRow("fast-import, tiny cache") << u"fast-import"_s << qint64(16 * 1024);
    QTest::newRow("two packs") << u"two packs"_s << qint64(8 << 20);
}

void TestPackReader::readsEveryObjectAsGitDoes()
{
    QFETCH(QString, layout);
    QFETCH(qint64, cacheBytes);
    QTemporaryDir dir;
    QString repo = makeHistory(dir.path());
    if (layout == u"repack") {
        QCOMPARE(git(repo, {u"repack"_s, u"-q"_s, u"-a"_s, u"-d"_s, u"-f"_s}).exitCode, 0);
    } else if (layout == u"refdelta") {
        QCOMPARE(git(repo, {u"-c"_s, u"repack.useDeltaBaseOffset=false"_s, u"repack"_s, u"-q"_s, u"-a"_s, u"-d"_s, u"-f"_s}).exitCode, 0);
    } else if (layout == u"fast-import") {
        const QByteArray stream = git(repo, {u"fast-export"_s, u"--all"_s}).out;
        const QString imported = dir.filePath(u"imported"_s);
        QDir().mkpath(imported);
        QCOMPARE(git(imported, {u"init"_s, u"-q"_s}).exitCode, 0);
        QCOMPARE(git(imported, {u"fast-import"_s, u"--quiet"_s}, stream).exitCode, 0);
        repo = imported;
    } else {
        QCOMPARE(git(repo, {u"repack"_s, u"-q"_s, u"-a"_s, u"-d"_s}).exitCode, 0);
        writeFile(repo + u"/src/dir0/file0.txt"_s, fileText(0, 9));
        git(repo, {u"commit"_s, u"-q"_s, u"-a"_s, u"-m"_s, u"more"_s});
        QCOMPARE(git(repo, {u"repack"_s, u"-q"_s, u"-d"_s}).exitCode, 0);
    }
    const QString objects = repo + u"/.git/objects"_s;
    const QStringList packs = QDir(objects + u"/pack"_s).entryList({u"*.pack"_s});
    QCOMPARE(packs.size(), layout == u"two packs" ? 2 : 1);
    // The layouts really hold deltas.
    QByteArray verify;
    for (const QString &pack : packs)
        verify += git(repo, {u"verify-pack"_s, u"-v"_s, objects + u"/pack/"_s + pack}).out;
    QVERIFY2(verify.contains("chain length = "), "the packs hold no deltas");

    PackReader reader(objects, cacheBytes);
    QCOMPARE(reader.packCount(), packs.size());
    const QList<ExpectedObject> expected = packedObjects(repo);
    QVERIFY(expected.size() > 150);
    QVERIFY(std::any_of(expected.begin(), expected.end(), [](const ExpectedObject &o) { return o.data.size() > 32 * 1024; }));
    for (int pass = 0; pass < 2; ++pass) { // the second pass is answered from the cache, if at all
        for (const ExpectedObject &object : expected) {
            QVERIFY(reader.contains(object.id));
            const auto read = reader.read(object.id);
            QVERIFY2(read, object.id.toHex().constData());
            QCOMPARE(typeName(read->type), object.type);
            QCOMPARE(read->data, object.data);
        }
    }
}

void TestPackReader::looseAndUnknownObjectsAreNotHere()
{
    QTemporaryDir dir;
    const QString repo = makeHistory(dir.path());
    QCOMPARE(git(repo, {u"repack"_s, u"-q"_s, u"-a"_s, u"-d"_s}).exitCode, 0);
    const QByteArray loose = git(repo, {u"hash-object"_s, u"-w"_s, u"--stdin"_s}, "only loose\n").out.trimmed();
    PackReader reader(repo + u"/.git/objects"_s);
    QVERIFY(!reader.contains(QByteArray::fromHex(loose)));
    QVERIFY(!reader.read(QByteArray::fromHex(loose)));
    QVERIFY(!reader.read(QByteArray(20, '\xff')));
    QVERIFY(!reader.read(QByteArray(19, '\x01'))); // not an id at all
    QVERIFY(!reader.read({}));
    PackReader nothing(dir.filePath(u"no-such-objects"_s));
    QCOMPARE(nothing.packCount(), 0);
    QVERIFY(!nothing.read(QByteArray(20, '\x01')));
}

void TestPackReader::handMadePacks_data()
{
    QTest::addColumn<QList<HandEntry>>("entries");
    QTest::addColumn<QByteArray>("asked");      // raw id
    QTest::addColumn<QByteArray>("expected");   // empty: "not here"
    const QByteArray base = fakeId(1);
    const QByteArray target = fakeId(2);
    const QByteArray header = deltaNumber(12); // BaseText's size
    QTest::newRow("whole blob") << QList<HandEntry>{wholeBlob(base, BaseText)} << base << BaseText;
    QTest::newRow("valid delta") << QList<HandEntry>{wholeBlob(base, BaseText),
                                                      ofsDelta(target, 0, header + deltaNumber(11) + copyOp(0, 6) + insertOp("there"))}
                                 << target << QByteArray("hello there");
    QTest::newRow("copy past the end of the base")
        << QList<HandEntry>{wholeBlob(base, BaseText), ofsDelta(target, 0, header + deltaNumber(100) + copyOp(0, 100))} << target
        << QByteArray();
    QTest::newRow("copy starting past the base")
        << QList<HandEntry>{wholeBlob(base, BaseText), ofsDelta(target, 0, header + deltaNumber(4) + copyOp(0xfffffff0u, 4))}
        << target << QByteArray();
    QTest::newRow("insert past the declared result")
        << QList<HandEntry>{wholeBlob(base, BaseText), ofsDelta(target, 0, header + deltaNumber(3) + insertOp("longer"))} << target
        << QByteArray();
    QTest::newRow("insert running off the delta")
        << QList<HandEntry>{wholeBlob(base, BaseText), ofsDelta(target, 0, header + deltaNumber(9) + QByteArray(1, 9) + "abc")}
        << target << QByteArray();
    QTest::newRow("result shorter than declared")
        << QList<HandEntry>{wholeBlob(base, BaseText), ofsDelta(target, 0, header + deltaNumber(20) + insertOp("short"))} << target
        << QByteArray();
    QTest::newRow("base size differs")
        << QList<HandEntry>{wholeBlob(base, BaseText), ofsDelta(target, 0, deltaNumber(99) + deltaNumber(2) + insertOp("hi"))}
        << target << QByteArray();
    QTest::newRow("reserved delta op 0")
        << QList<HandEntry>{wholeBlob(base, BaseText), ofsDelta(target, 0, header + deltaNumber(2) + QByteArray(1, 0) + "hi")}
        << target << QByteArray();
    QTest::newRow("result size over any limit")
        << QList<HandEntry>{wholeBlob(base, BaseText), ofsDelta(target, 0, header + deltaNumber(quint64(1) << 40) + insertOp("x"))}
        << target << QByteArray();
    QTest::newRow("offset delta before the pack")
        << QList<HandEntry>{{target, [](quint64, const QList<quint64> &) -> QByteArray {
                                 const QByteArray delta = deltaNumber(0) + deltaNumber(1) + insertOp("x");
                                 return entryHeader(OfsDelta, quint64(delta.size())) + ofsDistance(1000) + zlib(delta);
                             }}}
        << target << QByteArray();
    QTest::newRow("reference delta on itself") // a loop: must end, not hang or overflow the stack
        << QList<HandEntry>{{target, [target](quint64, const QList<quint64> &) -> QByteArray {
                                 const QByteArray delta = deltaNumber(1) + deltaNumber(1) + insertOp("x");
                                 return entryHeader(RefDelta, quint64(delta.size())) + target + zlib(delta);
                             }}}
        << target << QByteArray();
    QTest::newRow("reference delta on an id not in the pack")
        << QList<HandEntry>{{target, [](quint64, const QList<quint64> &) -> QByteArray {
                                 const QByteArray delta = deltaNumber(1) + deltaNumber(1) + insertOp("x");
                                 return entryHeader(RefDelta, quint64(delta.size())) + fakeId(9) + zlib(delta);
                             }}}
        << target << QByteArray();
    QTest::newRow("declared size of 4 GiB")
        << QList<HandEntry>{{base, [](quint64, const QList<quint64> &) -> QByteArray { return entryHeader(Blob, quint64(4) << 30) + zlib("tiny"); }}}
        << base << QByteArray();
    QTest::newRow("data longer than declared")
        << QList<HandEntry>{{base, [](quint64, const QList<quint64> &) -> QByteArray { return entryHeader(Blob, 3) + zlib(BaseText); }}} << base
        << QByteArray();
    QTest::newRow("data shorter than declared")
        << QList<HandEntry>{{base, [](quint64, const QList<quint64> &) -> QByteArray { return entryHeader(Blob, 50) + zlib(BaseText); }}} << base
        << QByteArray();
    QTest::newRow("damaged zlib stream")
        << QList<HandEntry>{{base, [](quint64, const QList<quint64> &) -> QByteArray {
                                 QByteArray data = zlib(BaseText);
                                 data[data.size() / 2] = char(data[data.size() / 2] ^ 0x55);
                                 return entryHeader(Blob, quint64(BaseText.size())) + data;
                             }}}
        << base << QByteArray();
    QTest::newRow("zlib stream cut off by the end of the pack")
        << QList<HandEntry>{{base, [](quint64, const QList<quint64> &) -> QByteArray {
                                 return entryHeader(Blob, 5000) + zlib(QByteArray(5000, 'z')).first(6);
                             }}}
        << base << QByteArray();
    QTest::newRow("unknown entry type 5")
        << QList<HandEntry>{{base, [](quint64, const QList<quint64> &) -> QByteArray { return entryHeader(5, 12) + zlib(BaseText); }}} << base
        << QByteArray();
    QTest::newRow("size field that never ends")
        << QList<HandEntry>{{base, [](quint64, const QList<quint64> &) -> QByteArray { return QByteArray(40, char(0xbf)); }}} << base << QByteArray();
}

void TestPackReader::handMadePacks()
{
    QFETCH(QList<HandEntry>, entries);
    QFETCH(QByteArray, asked);
    QFETCH(QByteArray, expected);
    QTemporaryDir dir;
    writePack(dir.path(), entries);
    PackReader reader(dir.path());
    QCOMPARE(reader.packCount(), 1);
    QVERIFY(reader.contains(asked));
    const auto read = reader.read(asked);
    if (expected.isEmpty()) {
        QVERIFY2(!read, read ? read->data.constData() : "");
    } else {
        QVERIFY(read);
        QCOMPARE(read->type, PackReader::Type::Blob);
        QCOMPARE(read->data, expected);
    }
}

void TestPackReader::unusableIndexesAreSkipped_data()
{
    QTest::addColumn<QByteArray>("index");
    QTest::newRow("empty") << QByteArray();
    QTest::newRow("version 1 (no magic)") << QByteArray(1024 + 40 + 24, '\0');
    QTest::newRow("version 3") << QByteArray("\377tOc\0\0\0\3", 8) + QByteArray(1024 + 40, '\0');
    QByteArray countTooBig("\377tOc\0\0\0\2", 8);
    countTooBig += QByteArray(1020, '\0') + QByteArray("\0\1\0\0", 4) + QByteArray(40, '\0'); // 65536 objects, no room
    QTest::newRow("more objects than the file holds") << countTooBig;
    QByteArray unsorted("\377tOc\0\0\0\2", 8);
    unsorted += QByteArray("\0\0\0\5", 4) + QByteArray(1020, '\0') + QByteArray(40, '\0'); // fan-out goes down
    QTest::newRow("fan-out not ascending") << unsorted;
}

void TestPackReader::unusableIndexesAreSkipped()
{
    QFETCH(QByteArray, index);
    QTemporaryDir dir;
    const QString objects = dir.path();
    // A sound pack with an index that cannot be trusted: the pack is not used at all.
    writePack(objects, {wholeBlob(fakeId(1), BaseText)}, index.isEmpty() ? QByteArray("x") : index);
    PackReader reader(objects);
    QCOMPARE(reader.packCount(), 0);
    QVERIFY(!reader.read(fakeId(1)));
}

void TestPackReader::largeOffsets()
{
    // Offsets through the index's 64-bit table (packs over 2 GiB) are read like the others.
    QTemporaryDir dir;
    const QByteArray base = fakeId(1);
    const QByteArray target = fakeId(2);
    writePack(dir.path(),
              {wholeBlob(base, BaseText), ofsDelta(target, 0, deltaNumber(12) + deltaNumber(11) + copyOp(0, 6) + insertOp("there"))},
              {}, u"b"_s, {true, {}});
    {
        PackReader reader(dir.path());
        QCOMPARE(reader.packCount(), 1);
        const auto read = reader.read(target);
        QVERIFY(read);
        QCOMPARE(read->data, QByteArray("hello there"));
    }
    // An index claiming an entry 2^48 bytes beyond a real one: never answered, and never
    // with what another pack holds at the real offset (a cache keyed by pack and offset
    // could confuse the two).
    const QByteArray claimed = fakeId(7);
    writePack(dir.path(), {wholeBlob(claimed, "other\n")}, {}, u"a"_s,
              {true, [](qsizetype, quint64 offset) { return (quint64(1) << 48) + offset; }});
    PackReader reader(dir.path());
    QCOMPARE(reader.packCount(), 2);
    QVERIFY(reader.read(base)); // cached now, at its offset in pack-b
    QVERIFY(!reader.read(claimed));
}

void TestPackReader::emptyBlob()
{
    QTemporaryDir dir;
    writePack(dir.path(), {wholeBlob(fakeId(1), QByteArray())});
    PackReader reader(dir.path());
    const auto read = reader.read(fakeId(1));
    QVERIFY(read);
    QCOMPARE(read->type, PackReader::Type::Blob);
    QCOMPARE(read->data.size(), 0);
}

void TestPackReader::indexOfAnotherPackIsNotUsed()
{
    // The same name, another pack (as `git repack -f` leaves it): its trailing checksum is not
    // the one the index names, so the pair is not used at all.
    QTemporaryDir dir;
    writePack(dir.path(), {wholeBlob(fakeId(1), BaseText)});
    QFile pack(dir.filePath(u"pack/pack-hand.pack"_s));
    QVERIFY(pack.open(QIODevice::ReadWrite));
    QVERIFY(pack.seek(pack.size() - 1));
    QCOMPARE(pack.write("\x01", 1), qint64(1));
    pack.close();
    PackReader reader(dir.path());
    QCOMPARE(reader.packCount(), 0);
    QVERIFY(!reader.read(fakeId(1)));
}

void TestPackReader::damagedPackGivesAnErrorNotAPatch()
{
    QTemporaryDir dir;
    const QString repo = makeHistory(dir.path());
    QCOMPARE(git(repo, {u"repack"_s, u"-q"_s, u"-a"_s, u"-d"_s, u"-f"_s}).exitCode, 0);
    const QString first = QString::fromLatin1(git(repo, {u"rev-list"_s, u"--max-parents=0"_s, u"HEAD"_s}).out.trimmed());
    // Damage the compressed bytes of one blob the diff needs (its pack offset from verify-pack).
    const QByteArray blob = git(repo, {u"rev-parse"_s, u"HEAD:src/dir1/file5.txt"_s}).out.trimmed();
    const QString pack = QDir(repo + u"/.git/objects/pack"_s).entryInfoList({u"*.pack"_s}).first().filePath();
    const QByteArray verify = git(repo, {u"verify-pack"_s, u"-v"_s, pack}).out;
    qint64 offset = -1;
    for (const QByteArray &line : verify.split('\n')) {
        const QList<QByteArray> fields = line.simplified().split(' ');
        if (fields.size() >= 5 && fields[0] == blob)
            offset = fields[4].toLongLong() + fields[3].toLongLong() / 2; // the middle of its entry
    }
    QVERIFY(offset > 0);
    QFile file(pack);
    QVERIFY(file.setPermissions(file.permissions() | QFileDevice::WriteOwner));
    QVERIFY(file.open(QIODevice::ReadWrite));
    QVERIFY(file.seek(offset));
    const char damaged[8] = {'\x13', '\x37', '\x13', '\x37', '\x13', '\x37', '\x13', '\x37'};
    QCOMPARE(file.write(damaged, 8), qint64(8));
    file.close();

    // As the CLI reads: without re-hashing each object, so only the readers stand between a
    // damaged pack and a wrong patch.
    rd::git::setObjectHashVerification(false);
    auto diff = rd::git::Diff::between(repo, first, u"HEAD"_s);
    QVERIFY(diff);
    QByteArray text;
    auto written = rd::git::writePatch(*diff, [&](QByteArrayView bytes) { text += bytes; });
    rd::git::setObjectHashVerification(true);
    QVERIFY2(!written, "a patch was printed from a damaged pack");
    QVERIFY2(!written.error().message.isEmpty(), "no reason given");
}

QTEST_GUILESS_MAIN(TestPackReader)
#include "tst_packreader.moc"
