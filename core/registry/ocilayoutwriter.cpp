// SPDX-License-Identifier: GPL-3.0-or-later
#include "ocilayoutwriter.h"

#include "mediatypes.h"

#include <QCryptographicHash>
#include <QDir>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSaveFile>

using namespace Qt::StringLiterals;

namespace rd::registry {

namespace {

Result<void> writeFile(const QString &path, const QByteArray &content)
{
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly) || file.write(content) != content.size() || !file.commit())
        return fail(Error::Domain::Io, u"cannot write %1: %2"_s.arg(path, file.errorString()));
    return {};
}

QJsonObject toJson(const Descriptor &d)
{
    return {{u"mediaType"_s, d.mediaType}, {u"digest"_s, d.digest}, {u"size"_s, d.size}};
}

void putOctal(char *field, int width, qint64 value)
{
    // width-1 octal digits and a NUL, as ustar expects
    const QByteArray digits = QByteArray::number(value, 8).rightJustified(width - 1, '0');
    memcpy(field, digits.constData(), size_t(width - 1));
    field[width - 1] = '\0';
}

} // namespace

OciLayoutWriter::OciLayoutWriter(QString directory)
    : m_directory(std::move(directory))
{
}

Result<Descriptor> OciLayoutWriter::writeBlob(const QByteArray &content, const QString &mediaType)
{
    const QString hex = QString::fromLatin1(QCryptographicHash::hash(content, QCryptographicHash::Sha256).toHex());
    const QDir blobs(QDir(m_directory).filePath(u"blobs/sha256"_s));
    if (!blobs.mkpath(u"."_s))
        return fail(Error::Domain::Io, u"cannot create %1"_s.arg(blobs.path()));
    if (auto written = writeFile(blobs.filePath(hex), content); !written)
        return std::unexpected(written.error());
    return Descriptor{mediaType, u"sha256:"_s + hex, content.size()};
}

Result<Descriptor> OciLayoutWriter::writeImage(const Descriptor &config, const QList<Descriptor> &layers)
{
    QJsonArray layerArray;
    for (const Descriptor &layer : layers)
        layerArray.append(toJson(layer));
    const QJsonObject manifest{
        {u"schemaVersion"_s, 2},
        {u"mediaType"_s, MediaType::OciManifest},
        {u"config"_s, toJson(config)},
        {u"layers"_s, layerArray},
    };
    return writeBlob(QJsonDocument(manifest).toJson(QJsonDocument::Compact), MediaType::OciManifest);
}

void OciLayoutWriter::tag(const QString &tag, const Descriptor &manifest)
{
    m_tags.removeIf([&](const auto &entry) { return entry.first == tag; });
    m_tags.append({tag, manifest});
}

Result<void> OciLayoutWriter::finish()
{
    if (!QDir().mkpath(m_directory))
        return fail(Error::Domain::Io, u"cannot create %1"_s.arg(m_directory));
    QJsonArray manifests;
    for (const auto &[tag, descriptor] : m_tags) {
        QJsonObject entry = toJson(descriptor);
        entry.insert(u"annotations"_s, QJsonObject{{u"org.opencontainers.image.ref.name"_s, tag}});
        manifests.append(entry);
    }
    const QJsonObject index{{u"schemaVersion"_s, 2}, {u"mediaType"_s, MediaType::OciIndex}, {u"manifests"_s, manifests}};
    if (auto r = writeFile(QDir(m_directory).filePath(u"oci-layout"_s), R"({"imageLayoutVersion":"1.0.0"})"); !r)
        return r;
    return writeFile(QDir(m_directory).filePath(u"index.json"_s), QJsonDocument(index).toJson(QJsonDocument::Compact));
}

QByteArray makeTar(const QList<std::pair<QString, QByteArray>> &files, qint64 mtime)
{
    QByteArray tar;
    for (const auto &[name, content] : files) {
        char header[512] = {};
        const QByteArray path = name.toUtf8();
        Q_ASSERT_X(path.size() <= 99, "makeTar", "tar member names are limited to 99 bytes");
        memcpy(header, path.constData(), size_t(std::min<qsizetype>(path.size(), 99)));
        putOctal(header + 100, 8, 0644);        // mode
        putOctal(header + 108, 8, 0);           // uid
        putOctal(header + 116, 8, 0);           // gid
        putOctal(header + 124, 12, content.size());
        putOctal(header + 136, 12, mtime);
        header[156] = '0';                      // regular file
        memcpy(header + 257, "ustar", 6);       // magic "ustar\0"
        memcpy(header + 263, "00", 2);          // version
        memset(header + 148, ' ', 8);           // checksum is computed over spaces in its own field
        unsigned checksum = 0;
        for (const char c : header)
            checksum += static_cast<unsigned char>(c);
        putOctal(header + 148, 7, checksum);
        header[155] = ' ';
        tar.append(header, sizeof header);
        tar.append(content);
        tar.append(QByteArray((512 - content.size() % 512) % 512, '\0'));
    }
    tar.append(QByteArray(1024, '\0')); // two zero blocks end the archive
    return tar;
}

} // namespace rd::registry
