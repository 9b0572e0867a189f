// SPDX-License-Identifier: GPL-3.0-or-later
// OCI image layouts written with OciLayoutWriter and read back with OciLayoutBackend, makeTar's
// archives, and every kind of hostile or malformed layout the backend must refuse by name.
#include "registry/imageconfig.h"
#include "registry/mediatypes.h"
#include "registry/ocilayout.h"
#include "registry/ocilayoutwriter.h"

#include <QCryptographicHash>
#include <QDeadlineTimer>
#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>
#include <QThread>

#include <atomic>
#include <thread>

#ifdef Q_OS_UNIX
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>
#endif

using namespace Qt::StringLiterals;
using namespace rd;
using namespace rd::registry;

namespace {

const QString Image = u"hockey/api"_s;
const QString Revision = u"0123456789abcdef0123456789abcdef01234567"_s;

template<typename T>
QString why(const Result<T> &result)
{
    return result ? QString() : result.error().toString();
}

QString sha256(const QByteArray &bytes)
{
    return u"sha256:"_s + QString::fromLatin1(QCryptographicHash::hash(bytes, QCryptographicHash::Sha256).toHex());
}

QByteArray compact(const QJsonObject &object)
{
    return QJsonDocument(object).toJson(QJsonDocument::Compact);
}

QByteArray configJson(const QJsonObject &labels, const QString &created)
{
    QJsonObject config{{u"architecture"_s, u"amd64"_s}, {u"os"_s, u"linux"_s}, {u"config"_s, QJsonObject{{u"Labels"_s, labels}}}};
    if (!created.isEmpty())
        config.insert(u"created"_s, created);
    return compact(config);
}

// One image (a config and one layer); returns its manifest's descriptor.
Result<Descriptor> addImage(OciLayoutWriter &writer, const QJsonObject &labels, const QString &created = {})
{
    auto layer = writer.writeBlob(makeTar({{u"app/VERSION"_s, labels.value(u"org.opencontainers.image.version"_s).toString().toUtf8()}}, 0),
                                  MediaType::OciLayerTar);
    if (!layer)
        return layer;
    auto config = writer.writeBlob(configJson(labels, created), MediaType::OciConfig);
    if (!config)
        return config;
    return writer.writeImage(*config, {*layer});
}

// An image index (multi-platform image) over `children`, stored as a blob.
Result<Descriptor> addIndex(OciLayoutWriter &writer, const QList<Descriptor> &children)
{
    QJsonArray manifests;
    const QStringList architectures{u"amd64"_s, u"arm64"_s, u"riscv64"_s};
    for (qsizetype i = 0; i < children.size(); ++i) {
        manifests.append(QJsonObject{{u"mediaType"_s, children[i].mediaType},
                                     {u"digest"_s, children[i].digest},
                                     {u"size"_s, children[i].size},
                                     {u"platform"_s, QJsonObject{{u"architecture"_s, architectures.value(i, u"s390x"_s)},
                                                                 {u"os"_s, u"linux"_s}}}});
    }
    return writer.writeBlob(compact({{u"schemaVersion"_s, 2}, {u"mediaType"_s, MediaType::OciIndex}, {u"manifests"_s, manifests}}),
                            MediaType::OciIndex);
}

bool writeRaw(const QString &path, const QByteArray &bytes)
{
    QFile file(path);
    return file.open(QIODevice::WriteOnly | QIODevice::Truncate) && file.write(bytes) == bytes.size();
}

QByteArray indexJson(const QList<std::pair<QString, QString>> &refs)
{
    QJsonArray manifests;
    for (const auto &[tag, digest] : refs) {
        QJsonObject entry{{u"mediaType"_s, MediaType::OciManifest}, {u"digest"_s, digest}, {u"size"_s, 100}};
        if (!tag.isEmpty())
            entry.insert(u"annotations"_s, QJsonObject{{u"org.opencontainers.image.ref.name"_s, tag}});
        manifests.append(entry);
    }
    return compact({{u"schemaVersion"_s, 2}, {u"manifests"_s, manifests}});
}

qint64 octal(const QByteArray &field)
{
    bool ok = false;
    const qint64 value = field.left(field.indexOf('\0') < 0 ? field.size() : field.indexOf('\0')).trimmed().toLongLong(&ok, 8);
    return ok ? value : -1;
}

enum class Hostile {
    MissingOciLayout,
    BadLayoutVersion,
    OciLayoutNotJson,
    MissingIndex,
    IndexNotJson,
    IndexNotObject,
    IndexTooLarge,
    BadTagDash,
    BadTagSlash,
    BadDigest,
    PathTraversal,
    CorruptBlob,
    MissingBlob,
    OversizedBlob,
    ManifestNotJson,
    InvalidDigestQuery,
    EmptyIndex,
    DeepIndex,
};

enum class Operation { Tags, Config };

} // namespace

class TestOciLayout : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void roundTrip()
    {
        QTemporaryDir root;
        QVERIFY(root.isValid());
        OciLayoutWriter writer(root.filePath(Image));
        const auto first = addImage(writer,
                                    {{u"org.opencontainers.image.revision"_s, Revision},
                                     {u"org.opencontainers.image.version"_s, u"v1.0.0"_s},
                                     {u"org.opencontainers.image.title"_s, u"hockey-api"_s}},
                                    u"2026-10-12T09:11:00Z"_s);
        QVERIFY2(first, qPrintable(why(first)));
        const auto second = addImage(writer, {{u"org.opencontainers.image.version"_s, u"v1.1.0"_s}}, u"2026-10-14T17:30:05Z"_s);
        QVERIFY2(second, qPrintable(why(second)));
        QVERIFY(first->digest != second->digest);
        writer.tag(u"v1.0.0"_s, *first);
        writer.tag(u"prod"_s, *first);
        writer.tag(u"v1.1.0"_s, *second);
        writer.tag(u"dev"_s, *first);
        writer.tag(u"dev"_s, *second); // moves: the writer keeps one entry per tag
        const auto finished = writer.finish();
        QVERIFY2(finished, qPrintable(why(finished)));

        OciLayoutBackend backend(root.path());
        auto tags = backend.tags(Image);
        QVERIFY2(tags, qPrintable(why(tags)));
        QStringList sorted = *tags;
        sorted.sort();
        QCOMPARE(sorted, (QStringList{u"dev"_s, u"prod"_s, u"v1.0.0"_s, u"v1.1.0"_s}));

        QCOMPARE(backend.resolveTag(Image, u"v1.0.0"_s).value_or(QString()), first->digest);
        QCOMPARE(backend.resolveTag(Image, u"prod"_s).value_or(QString()), first->digest);
        QCOMPARE(backend.resolveTag(Image, u"dev"_s).value_or(QString()), second->digest);
        QCOMPARE(backend.resolveTag(Image, u"v1.1.0"_s).value_or(QString()), second->digest);

        const auto missing = backend.resolveTag(Image, u"staging"_s);
        QVERIFY(!missing);
        QCOMPARE(missing.error().domain, Error::Domain::Registry);
        QVERIFY2(missing.error().message.contains(u"'staging'"_s) && missing.error().message.contains(Image),
                 qPrintable(missing.error().message));

        auto config = backend.imageConfig(Image, first->digest);
        QVERIFY2(config, qPrintable(why(config)));
        QCOMPARE(config->manifestDigest, first->digest);
        QCOMPARE(config->created, QDateTime(QDate(2026, 10, 12), QTime(9, 11), QTimeZone::UTC));
        QCOMPARE(config->labels.size(), 3);
        QCOMPARE(config->labels.value(u"org.opencontainers.image.title"_s), u"hockey-api"_s);
        QCOMPARE(config->revision(), Revision);
        QCOMPARE(config->version(), u"v1.0.0"_s);

        auto other = backend.imageConfig(Image, second->digest);
        QVERIFY2(other, qPrintable(why(other)));
        QCOMPARE(other->created, QDateTime(QDate(2026, 10, 14), QTime(17, 30, 5), QTimeZone::UTC));
        QCOMPARE(other->revision(), QString()); // no label
        QCOMPARE(other->version(), u"v1.1.0"_s);
    }

    void writerIsDeterministic()
    {
        QTemporaryDir a;
        QTemporaryDir b;
        for (const QTemporaryDir *dir : {&a, &b}) {
            OciLayoutWriter writer(dir->filePath(Image));
            const auto image = addImage(writer, {{u"org.opencontainers.image.version"_s, u"v2.0.0"_s}}, u"2026-01-01T00:00:00Z"_s);
            QVERIFY2(image, qPrintable(why(image)));
            writer.tag(u"v2.0.0"_s, *image);
            writer.tag(u"latest"_s, *image);
            QVERIFY(writer.finish());
        }
        for (const QString &file : {u"oci-layout"_s, u"index.json"_s}) {
            QFile fa(a.filePath(Image + u'/' + file));
            QFile fb(b.filePath(Image + u'/' + file));
            QVERIFY(fa.open(QIODevice::ReadOnly) && fb.open(QIODevice::ReadOnly));
            QCOMPARE(fa.readAll(), fb.readAll());
        }
        const QDir blobs(a.filePath(Image + u"/blobs/sha256"_s));
        const QStringList names = blobs.entryList(QDir::Files);
        QCOMPARE(names, QDir(b.filePath(Image + u"/blobs/sha256"_s)).entryList(QDir::Files));
        QCOMPARE(names.size(), 3); // layer, config, manifest
        for (const QString &name : names) { // content-addressed: the name is the content's sha256
            QFile blob(blobs.filePath(name));
            QVERIFY(blob.open(QIODevice::ReadOnly));
            QCOMPARE(sha256(blob.readAll()), u"sha256:"_s + name);
        }
    }

    void created_data()
    {
        QTest::addColumn<QString>("configCreated");
        QTest::addColumn<QString>("labelCreated");
        QTest::addColumn<QDateTime>("expected");
        const QDateTime at(QDate(2026, 10, 12), QTime(9, 11, 0), QTimeZone::UTC);
        QTest::newRow("seconds") << u"2026-10-12T09:11:00Z"_s << QString() << at;
        QTest::newRow("milliseconds") << u"2026-10-12T09:11:00.250Z"_s << QString() << at.addMSecs(250);
        QTest::newRow("offset") << u"2026-10-12T11:11:00+02:00"_s << QString() << at;
        // BuildKit and docker write nanoseconds.
        QTest::newRow("nanoseconds") << u"2026-10-12T09:11:00.250000000Z"_s << QString() << at.addMSecs(250);
        QTest::newRow("label fallback") << QString() << u"2026-10-12T09:11:00Z"_s << at;
        QTest::newRow("config wins over label") << u"2026-10-12T09:11:00Z"_s << u"2020-01-01T00:00:00Z"_s << at;
        QTest::newRow("nothing") << QString() << QString() << QDateTime();
        QTest::newRow("garbage") << u"yesterday"_s << QString() << QDateTime();
    }
    void created()
    {
        QFETCH(QString, configCreated);
        QFETCH(QString, labelCreated);
        QFETCH(QDateTime, expected);
        QTemporaryDir root;
        OciLayoutWriter writer(root.filePath(Image));
        QJsonObject labels;
        if (!labelCreated.isEmpty())
            labels.insert(u"org.opencontainers.image.created"_s, labelCreated);
        const auto image = addImage(writer, labels, configCreated);
        QVERIFY2(image, qPrintable(why(image)));
        writer.tag(u"v1"_s, *image);
        QVERIFY(writer.finish());
        OciLayoutBackend backend(root.path());
        const auto config = backend.imageConfig(Image, image->digest);
        QVERIFY2(config, qPrintable(why(config)));
        QCOMPARE(config->created.isValid(), expected.isValid());
        if (expected.isValid())
            QCOMPARE(config->created, expected);
    }

    void revision_data()
    {
        QTest::addColumn<QString>("label");
        QTest::addColumn<QString>("expected");
        QTest::newRow("40 hex") << Revision << Revision;
        QTest::newRow("short") << Revision.left(7) << QString();
        QTest::newRow("upper case") << Revision.toUpper() << QString();
        QTest::newRow("41 hex") << Revision + u'0' << QString();
        QTest::newRow("trailing newline") << Revision + u'\n' << QString();
        QTest::newRow("not hex") << QString(40, u'g') << QString();
        QTest::newRow("empty") << QString() << QString();
    }
    void revision()
    {
        QFETCH(QString, label);
        QFETCH(QString, expected);
        ImageConfig config;
        config.labels.insert(u"org.opencontainers.image.revision"_s, label);
        QCOMPARE(config.revision(), expected);
    }

    void resolveTagLastEntryWins()
    {
        QTemporaryDir root;
        OciLayoutWriter writer(root.filePath(Image));
        const auto a = addImage(writer, {{u"org.opencontainers.image.version"_s, u"v1"_s}});
        const auto b = addImage(writer, {{u"org.opencontainers.image.version"_s, u"v2"_s}});
        QVERIFY(a && b);
        QVERIFY(writer.finish());
        // As a tool that appends a re-tag to index.json leaves it, with an untagged entry too.
        QVERIFY(writeRaw(root.filePath(Image + u"/index.json"_s),
                         indexJson({{u"dev"_s, a->digest}, {u"v1"_s, a->digest}, {QString(), b->digest}, {u"dev"_s, b->digest}})));

        OciLayoutBackend backend(root.path());
        QCOMPARE(backend.resolveTag(Image, u"dev"_s).value_or(QString()), b->digest);
        QCOMPARE(backend.resolveTag(Image, u"v1"_s).value_or(QString()), a->digest);
        QCOMPARE(backend.tags(Image).value_or(QStringList()), (QStringList{u"dev"_s, u"v1"_s}));
    }

    void multiPlatformIndex()
    {
        QTemporaryDir root;
        OciLayoutWriter writer(root.filePath(Image));
        const QString armRevision = QString(40, u'a');
        const auto amd64 = addImage(writer, {{u"org.opencontainers.image.revision"_s, Revision},
                                             {u"org.opencontainers.image.version"_s, u"v3.0.0"_s}},
                                    u"2026-10-12T09:11:00Z"_s);
        const auto arm64 = addImage(writer, {{u"org.opencontainers.image.revision"_s, armRevision}}, u"2026-10-13T09:11:00Z"_s);
        QVERIFY(amd64 && arm64);
        const auto index = addIndex(writer, {*amd64, *arm64});
        QVERIFY2(index, qPrintable(why(index)));
        writer.tag(u"v3.0.0"_s, *index);
        QVERIFY(writer.finish());

        OciLayoutBackend backend(root.path());
        QCOMPARE(backend.resolveTag(Image, u"v3.0.0"_s).value_or(QString()), index->digest);
        const auto config = backend.imageConfig(Image, index->digest);
        QVERIFY2(config, qPrintable(why(config)));
        QCOMPARE(config->manifestDigest, index->digest); // the digest the tag names, not the child's
        QCOMPARE(config->revision(), Revision);          // the first manifest of the index
        QCOMPARE(config->version(), u"v3.0.0"_s);
        QCOMPARE(config->created, QDateTime(QDate(2026, 10, 12), QTime(9, 11), QTimeZone::UTC));
    }

    void makeTar_data()
    {
        using Files = QList<std::pair<QString, QByteArray>>;
        QTest::addColumn<Files>("files");
        QTest::addColumn<qint64>("mtime");
        QTest::newRow("demo layer") << Files{{u"app/VERSION"_s, "v1.6.0\n"},
                                             {u"app/REVISION"_s, Revision.toUtf8() + '\n'},
                                             {u"app/README"_s, "hockey api service\n"}}
                                    << qint64(1791795060);
        QTest::newRow("empty file") << Files{{u"empty"_s, QByteArray()}} << qint64(0);
        QTest::newRow("block sizes") << Files{{u"a511"_s, QByteArray(511, 'a')},
                                              {u"b512"_s, QByteArray(512, 'b')},
                                              {u"c513"_s, QByteArray(513, 'c')}}
                                     << qint64(1);
        QByteArray binary;
        for (int i = 0; i < 3000; ++i)
            binary.append(char(i * 7 % 256));
        QTest::newRow("binary") << Files{{u"bin/blob.dat"_s, binary}} << qint64(0777777);
        QTest::newRow("no files") << Files{} << qint64(0);
    }
    void makeTar()
    {
        using Files = QList<std::pair<QString, QByteArray>>;
        QFETCH(Files, files);
        QFETCH(qint64, mtime);
        const QByteArray tar = registry::makeTar(files, mtime);
        QCOMPARE(tar, registry::makeTar(files, mtime)); // reproducible
        QCOMPARE(tar.size() % 512, 0);

        qsizetype offset = 0;
        for (const auto &[name, content] : files) {
            QVERIFY(offset + 512 <= tar.size());
            const QByteArray header = tar.mid(offset, 512);
            QCOMPARE(header.left(header.indexOf('\0')), name.toUtf8());
            QCOMPARE(header.mid(257, 6), QByteArray("ustar\0", 6));
            QCOMPARE(header.mid(263, 2), QByteArray("00"));
            QCOMPARE(header.at(156), '0');
            QCOMPARE(octal(header.mid(100, 8)), qint64(0644));
            QCOMPARE(octal(header.mid(124, 12)), qint64(content.size()));
            QCOMPARE(octal(header.mid(136, 12)), mtime);
            // The checksum is the byte sum of the header with its own field read as spaces.
            QByteArray blanked = header;
            blanked.replace(148, 8, QByteArray(8, ' '));
            qint64 sum = 0;
            for (const char c : std::as_const(blanked))
                sum += static_cast<unsigned char>(c);
            QCOMPARE(octal(header.mid(148, 8)), sum);
            QCOMPARE(tar.mid(offset + 512, content.size()), content);
            const qsizetype padded = (content.size() + 511) / 512 * 512;
            QCOMPARE(tar.mid(offset + 512 + content.size(), padded - content.size()), QByteArray(padded - content.size(), '\0'));
            offset += 512 + padded;
        }
        QCOMPARE(tar.mid(offset), QByteArray(1024, '\0')); // two zero blocks end the archive

        const QString tarTool = QStandardPaths::findExecutable(u"tar"_s);
        if (tarTool.isEmpty())
            QSKIP("tar is not on PATH; the archive was checked by hand only");
        QTemporaryDir dir;
        const QString archive = dir.filePath(u"layer.tar"_s);
        QVERIFY(writeRaw(archive, tar));
        QProcess list;
        list.start(tarTool, {u"-tf"_s, archive});
        QVERIFY(list.waitForFinished(30000));
        QCOMPARE(list.exitCode(), 0);
        QStringList expectedNames;
        for (const auto &file : files)
            expectedNames.append(file.first);
        QCOMPARE(QString::fromUtf8(list.readAllStandardOutput()).split(u'\n', Qt::SkipEmptyParts), expectedNames);
        QCOMPARE(list.readAllStandardError(), QByteArray());

        const QString out = dir.filePath(u"out"_s);
        QVERIFY(QDir().mkpath(out));
        QProcess extract;
        extract.start(tarTool, {u"-xf"_s, archive, u"-C"_s, out});
        QVERIFY(extract.waitForFinished(30000));
        QCOMPARE(extract.exitCode(), 0);
        for (const auto &[name, content] : files) {
            QFile extracted(QDir(out).filePath(name));
            QVERIFY2(extracted.open(QIODevice::ReadOnly), qPrintable(name));
            QCOMPARE(extracted.readAll(), content);
        }
    }

    void hostile_data()
    {
        QTest::addColumn<Hostile>("kind");
        QTest::addColumn<Operation>("operation");
        QTest::addColumn<QStringList>("expected"); // fragments the error sentence must contain
        QTest::newRow("missing oci-layout") << Hostile::MissingOciLayout << Operation::Tags
                                            << QStringList{Image, u"missing oci-layout file"_s};
        QTest::newRow("bad imageLayoutVersion") << Hostile::BadLayoutVersion << Operation::Tags
                                                << QStringList{u"/oci-layout"_s, u"unsupported imageLayoutVersion"_s};
        QTest::newRow("oci-layout not JSON") << Hostile::OciLayoutNotJson << Operation::Tags
                                             << QStringList{u"/oci-layout"_s, u"not valid JSON"_s};
        QTest::newRow("missing index.json") << Hostile::MissingIndex << Operation::Tags
                                            << QStringList{u"cannot read"_s, u"/index.json"_s};
        QTest::newRow("index.json not JSON") << Hostile::IndexNotJson << Operation::Tags
                                             << QStringList{u"/index.json"_s, u"not valid JSON"_s};
        QTest::newRow("index.json not an object") << Hostile::IndexNotObject << Operation::Tags
                                                  << QStringList{u"/index.json"_s, u"not a JSON object"_s};
        QTest::newRow("index.json over 4 MiB")
            << Hostile::IndexTooLarge << Operation::Tags
            << QStringList{u"/index.json"_s, QString::number(OciLayoutBackend::MaxMetadataSize + 1) + u" bytes"_s,
                           QString::number(OciLayoutBackend::MaxMetadataSize)};
        QTest::newRow("tag starting with a dash") << Hostile::BadTagDash << Operation::Tags
                                                  << QStringList{u"/index.json"_s, u"'-rm'"_s, u"not a valid OCI tag"_s};
        QTest::newRow("tag with a slash") << Hostile::BadTagSlash << Operation::Tags
                                          << QStringList{u"/index.json"_s, u"'../../etc'"_s, u"not a valid OCI tag"_s};
        QTest::newRow("invalid digest") << Hostile::BadDigest << Operation::Tags
                                        << QStringList{u"/index.json"_s, u"'v1'"_s, u"invalid digest 'sha256:1234'"_s};
        QTest::newRow("path traversal") << Hostile::PathTraversal << Operation::Tags
                                        << QStringList{u"'../x'"_s, u"not a valid image repository name"_s};
        QTest::newRow("corrupt blob") << Hostile::CorruptBlob << Operation::Config
                                      << QStringList{u"corrupt"_s, u"does not match its digest"_s, Image};
        QTest::newRow("missing blob") << Hostile::MissingBlob << Operation::Config
                                      << QStringList{u"cannot read"_s, Image + u"/blobs/sha256/"_s};
        QTest::newRow("blob over 4 MiB") << Hostile::OversizedBlob << Operation::Config
                                         << QStringList{Image + u"/blobs/sha256/"_s,
                                                        QString::number(OciLayoutBackend::MaxMetadataSize)};
        QTest::newRow("manifest not JSON") << Hostile::ManifestNotJson << Operation::Config
                                           << QStringList{u"manifest sha256:"_s, Image, u"not valid JSON"_s};
        QTest::newRow("invalid digest asked for") << Hostile::InvalidDigestQuery << Operation::Config
                                                  << QStringList{u"'sha256:../../x'"_s, u"not a valid sha256 digest"_s};
        QTest::newRow("index with no manifests") << Hostile::EmptyIndex << Operation::Config
                                                 << QStringList{u"image index sha256:"_s, Image, u"lists no manifests"_s};
        QTest::newRow("indexes nested too deeply") << Hostile::DeepIndex << Operation::Config
                                                   << QStringList{Image, u"nests indexes too deeply"_s};
    }
    void hostile()
    {
        QFETCH(Hostile, kind);
        QFETCH(Operation, operation);
        QFETCH(QStringList, expected);

        QTemporaryDir root;
        QVERIFY(root.isValid());
        const QString dir = root.filePath(Image);
        OciLayoutWriter writer(dir);
        const auto image = addImage(writer, {{u"org.opencontainers.image.version"_s, u"v1"_s}}, u"2026-10-12T09:11:00Z"_s);
        QVERIFY2(image, qPrintable(why(image)));
        writer.tag(u"v1"_s, *image);
        QString image2 = Image;
        QString digest = image->digest; // what imageConfig is asked for
        QString configBlob;             // the config blob's path
        {
            QFile manifestFile(dir + u"/blobs/sha256/"_s + image->digest.mid(7));
            QVERIFY(manifestFile.open(QIODevice::ReadOnly));
            const QString configDigest =
                QJsonDocument::fromJson(manifestFile.readAll()).object().value(u"config"_s).toObject().value(u"digest"_s).toString();
            QVERIFY(configDigest.startsWith(u"sha256:"_s));
            configBlob = dir + u"/blobs/sha256/"_s + configDigest.mid(7);
        }

        switch (kind) {
        case Hostile::EmptyIndex: {
            const auto index = addIndex(writer, {});
            QVERIFY(index);
            digest = index->digest;
            break;
        }
        case Hostile::DeepIndex: {
            auto index = addIndex(writer, {*image});
            for (int level = 0; level < 2 && index; ++level) // three indexes above the manifest
                index = addIndex(writer, {*index});
            QVERIFY(index);
            digest = index->digest;
            break;
        }
        case Hostile::OversizedBlob: {
            QByteArray big(OciLayoutBackend::MaxMetadataSize + 1, ' ');
            big[0] = '{';
            big[big.size() - 1] = '}';
            const auto blob = writer.writeBlob(big, MediaType::OciManifest);
            QVERIFY(blob);
            digest = blob->digest;
            break;
        }
        case Hostile::ManifestNotJson: {
            const auto blob = writer.writeBlob("this is not a manifest", MediaType::OciManifest);
            QVERIFY(blob);
            digest = blob->digest;
            break;
        }
        default:
            break;
        }
        QVERIFY(writer.finish());

        const QString indexPath = dir + u"/index.json"_s;
        switch (kind) {
        case Hostile::MissingOciLayout:
            QVERIFY(QFile::remove(dir + u"/oci-layout"_s));
            break;
        case Hostile::BadLayoutVersion:
            QVERIFY(writeRaw(dir + u"/oci-layout"_s, R"({"imageLayoutVersion":"2.0.0"})"));
            break;
        case Hostile::OciLayoutNotJson:
            QVERIFY(writeRaw(dir + u"/oci-layout"_s, "imageLayoutVersion=1.0.0"));
            break;
        case Hostile::MissingIndex:
            QVERIFY(QFile::remove(indexPath));
            break;
        case Hostile::IndexNotJson:
            QVERIFY(writeRaw(indexPath, R"({"schemaVersion":2,"manifests":[)"));
            break;
        case Hostile::IndexNotObject:
            QVERIFY(writeRaw(indexPath, R"([{"schemaVersion":2}])"));
            break;
        case Hostile::IndexTooLarge: {
            // Valid JSON, only too big: the size alone must refuse it.
            QByteArray big = indexJson({{u"v1"_s, image->digest}});
            big.append(QByteArray(OciLayoutBackend::MaxMetadataSize + 1 - big.size(), ' '));
            QCOMPARE(qint64(big.size()), OciLayoutBackend::MaxMetadataSize + 1);
            QVERIFY(writeRaw(indexPath, big));
            break;
        }
        case Hostile::BadTagDash:
            QVERIFY(writeRaw(indexPath, indexJson({{u"v1"_s, image->digest}, {u"-rm"_s, image->digest}})));
            break;
        case Hostile::BadTagSlash:
            QVERIFY(writeRaw(indexPath, indexJson({{u"../../etc"_s, image->digest}})));
            break;
        case Hostile::BadDigest:
            QVERIFY(writeRaw(indexPath, indexJson({{u"v1"_s, u"sha256:1234"_s}})));
            break;
        case Hostile::PathTraversal:
            image2 = u"../x"_s;
            break;
        case Hostile::CorruptBlob:
            QVERIFY(writeRaw(configBlob, R"({"config":{"Labels":{"org.opencontainers.image.version":"v666"}}})"));
            break;
        case Hostile::MissingBlob:
            QVERIFY(QFile::remove(configBlob));
            break;
        case Hostile::InvalidDigestQuery:
            digest = u"sha256:../../x"_s;
            break;
        default:
            break;
        }

        OciLayoutBackend backend(root.path());
        Error error;
        if (operation == Operation::Tags) {
            const auto tags = backend.tags(image2);
            QVERIFY2(!tags, qPrintable(tags.value_or(QStringList()).join(u' ')));
            error = tags.error();
            // Every entry point reads the index the same way and fails the same way.
            const auto resolved = backend.resolveTag(image2, u"v1"_s);
            QVERIFY2(!resolved, qPrintable(resolved.value_or(QString())));
            QCOMPARE(resolved.error().message, error.message);
        } else {
            QCOMPARE(backend.resolveTag(image2, u"v1"_s).value_or(QString()), image->digest); // the index itself is fine
            const auto config = backend.imageConfig(image2, digest);
            QVERIFY2(!config, qPrintable(u"unexpectedly read a config with labels: "_s + QStringList(config ? config->labels.values() : QStringList()).join(u", "_s)));
            error = config.error();
        }
        QCOMPARE(error.domain, Error::Domain::Registry);
        for (const QString &fragment : std::as_const(expected))
            QVERIFY2(error.message.contains(fragment), qPrintable(u"'%1' not in: %2"_s.arg(fragment, error.message)));
        QVERIFY2(error.message.size() < 600, qPrintable(error.message)); // one sentence, not a dump of the input
    }

    // The image name becomes a path for every call, not only for the index: imageConfig with
    // "../x" must not read a layout outside the registry root either.
    void imageConfigRefusesPathTraversal()
    {
        QTemporaryDir sandbox;
        const QString root = sandbox.filePath(u"registry"_s);
        QVERIFY(QDir().mkpath(root));
        OciLayoutWriter outside(sandbox.filePath(u"x"_s)); // root/../x
        const auto image = addImage(outside, {{u"org.opencontainers.image.version"_s, u"outside"_s}});
        QVERIFY(image);
        outside.tag(u"v1"_s, *image);
        QVERIFY(outside.finish());

        OciLayoutBackend backend(root);
        const auto config = backend.imageConfig(u"../x"_s, image->digest);
        QVERIFY2(!config, qPrintable(u"read the config of a layout outside the registry root, version "_s
                                     + (config ? config->version() : QString())));
        if (!config)
            QVERIFY2(config.error().message.contains(u"'../x'"_s), qPrintable(config.error().message));
    }

    // A layout is untrusted: an index.json that is a FIFO (a tar can carry one) must be refused,
    // not waited on forever, as the workspace loader refuses anything but a regular file.
    void fifoIndexDoesNotBlock()
    {
#ifdef Q_OS_UNIX
        QTemporaryDir root;
        OciLayoutWriter writer(root.filePath(Image));
        const auto image = addImage(writer, {});
        QVERIFY(image);
        writer.tag(u"v1"_s, *image);
        QVERIFY(writer.finish());
        const QByteArray index = QFile::encodeName(root.filePath(Image + u"/index.json"_s));
        QVERIFY(QFile::remove(QFile::decodeName(index)));
        QCOMPARE(::mkfifo(index.constData(), 0600), 0);

        OciLayoutBackend backend(root.path());
        std::atomic<bool> done{false};
        Result<QStringList> tags = QStringList();
        std::thread reader([&] {
            tags = backend.tags(Image);
            done = true;
        });
        QDeadlineTimer deadline(2000);
        while (!done && !deadline.hasExpired())
            QThread::msleep(10);
        const bool blocked = !done;
        if (blocked) { // let the reader go: a writer that opens and closes gives it end-of-file
            const int fd = ::open(index.constData(), O_WRONLY | O_NONBLOCK);
            if (fd >= 0)
                ::close(fd);
        }
        reader.join();
        QVERIFY2(!blocked, "tags() was still waiting on the FIFO after 2 s");
        QVERIFY(!tags);
        QVERIFY2(tags.error().message.contains(u"index.json"_s), qPrintable(tags.error().message));
#else
        QSKIP("FIFOs are a POSIX thing");
#endif
    }

    void indexIsReadOncePerBackend()
    {
        QTemporaryDir root;
        OciLayoutWriter writer(root.filePath(Image));
        const auto image = addImage(writer, {});
        QVERIFY(image);
        writer.tag(u"v1"_s, *image);
        QVERIFY(writer.finish());
        OciLayoutBackend backend(root.path());
        QCOMPARE(backend.tags(Image).value_or(QStringList()), QStringList{u"v1"_s});
        // A later change to index.json is not seen by this backend object (one load, one view).
        QVERIFY(writeRaw(root.filePath(Image + u"/index.json"_s), "garbage"));
        QCOMPARE(backend.tags(Image).value_or(QStringList()), QStringList{u"v1"_s});
        OciLayoutBackend fresh(root.path());
        QVERIFY(!fresh.tags(Image));
    }
};

QTEST_GUILESS_MAIN(TestOciLayout)
#include "tst_ocilayout.moc"
