// SPDX-License-Identifier: GPL-3.0-or-later
#include "ocilayout.h"

#include "mediatypes.h"
#include "reference.h"

#include <QCryptographicHash>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QDirIterator>
#include <QSaveFile>

using namespace Qt::StringLiterals;

namespace rd::registry {

namespace {

Result<QByteArray> readBounded(const QString &path, qint64 limit)
{
    // A FIFO or device in a layout (a tar can carry one) would block open() or never end:
    // only regular files are read.
    const QFileInfo info(path);
    if (info.exists() && !info.isFile())
        return fail(Error::Domain::Registry, u"%1 is not a regular file"_s.arg(path));
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return fail(Error::Domain::Registry, u"cannot read %1: %2"_s.arg(path, file.errorString()));
    if (file.size() > limit)
        return fail(Error::Domain::Registry,
                    u"%1 is %2 bytes, more than the %3 bytes allowed for image metadata"_s.arg(path).arg(file.size()).arg(limit));
    return file.read(limit + 1);
}

Result<QJsonObject> parseObject(const QByteArray &bytes, const QString &what)
{
    QJsonParseError error;
    const QJsonDocument document = QJsonDocument::fromJson(bytes, &error);
    if (error.error != QJsonParseError::NoError)
        return fail(Error::Domain::Registry,
                    u"%1 is not valid JSON (%2 at byte %3)"_s.arg(what, error.errorString()).arg(error.offset));
    if (!document.isObject())
        return fail(Error::Domain::Registry, u"%1 is not a JSON object"_s.arg(what));
    return document.object();
}

} // namespace

OciLayoutBackend::OciLayoutBackend(QString rootDirectory)
    : m_root(std::move(rootDirectory))
{
}

QString OciLayoutBackend::imageDirectory(const QString &image) const
{
    return QDir(m_root).filePath(image);
}

Result<const OciLayoutBackend::Index *> OciLayoutBackend::index(const QString &image)
{
    if (const auto it = m_indexes.constFind(image); it != m_indexes.constEnd())
        return &it.value();
    // The name becomes a path: only the OCI grammar, which has no "..", may pass.
    if (!isValidRepositoryName(image))
        return fail(Error::Domain::Registry, u"'%1' is not a valid image repository name"_s.arg(image));
    const QDir dir(imageDirectory(image));
    if (!dir.exists())
        return fail(Error::Domain::Registry, u"image %1 does not exist: there is no folder %2"_s.arg(image, dir.path()));

    auto marker = readBounded(dir.filePath(u"oci-layout"_s), 4096);
    if (!marker)
        return fail(Error::Domain::Registry,
                    u"image %1 has no OCI image layout at %2 (missing oci-layout file)"_s.arg(image, dir.path()));
    auto markerObject = parseObject(*marker, dir.filePath(u"oci-layout"_s));
    if (!markerObject)
        return std::unexpected(markerObject.error());
    if (!markerObject->value(u"imageLayoutVersion"_s).toString().startsWith(u"1."_s))
        return fail(Error::Domain::Registry, u"%1 has an unsupported imageLayoutVersion"_s.arg(dir.filePath(u"oci-layout"_s)));

    const QString indexPath = dir.filePath(u"index.json"_s);
    auto bytes = readBounded(indexPath, MaxMetadataSize);
    if (!bytes)
        return std::unexpected(bytes.error());
    auto object = parseObject(*bytes, indexPath);
    if (!object)
        return std::unexpected(object.error());

    Index parsed;
    const QJsonArray manifests = object->value(u"manifests"_s).toArray();
    for (const QJsonValue &entry : manifests) {
        const QJsonObject descriptor = entry.toObject();
        const QString digest = descriptor.value(u"digest"_s).toString();
        const QString tag = descriptor.value(u"annotations"_s).toObject().value(u"org.opencontainers.image.ref.name"_s).toString();
        if (tag.isEmpty())
            continue; // an untagged manifest: reachable by digest only
        if (!isValidTag(tag))
            return fail(Error::Domain::Registry, u"%1 names the tag '%2', which is not a valid OCI tag"_s.arg(indexPath, tag.left(140)));
        if (!isValidDigest(digest))
            return fail(Error::Domain::Registry, u"%1 gives tag '%2' the invalid digest '%3'"_s.arg(indexPath, tag, digest.left(80)));
        parsed.refs.append({tag, digest});
    }
    return &m_indexes.insert(image, std::move(parsed)).value();
}

Result<QByteArray> OciLayoutBackend::readBlob(const QString &image, const QString &digest)
{
    // The name becomes a path: only the OCI grammar, which has no "..", may pass.
    if (!isValidRepositoryName(image))
        return fail(Error::Domain::Registry, u"'%1' is not a valid image repository name"_s.arg(image));
    if (!isValidDigest(digest))
        return fail(Error::Domain::Registry, u"'%1' is not a valid sha256 digest"_s.arg(digest.left(80)));
    const QString path = QDir(imageDirectory(image)).filePath(u"blobs/sha256/"_s + digest.mid(7));
    auto bytes = readBounded(path, MaxMetadataSize);
    if (!bytes)
        return bytes;
    const QByteArray actual = QCryptographicHash::hash(*bytes, QCryptographicHash::Sha256).toHex();
    if (u"sha256:"_s + QString::fromLatin1(actual) != digest)
        return fail(Error::Domain::Registry, u"blob %1 of image %2 is corrupt: its content does not match its digest"_s.arg(digest, image));
    return bytes;
}

Result<QStringList> OciLayoutBackend::tags(const QString &image)
{
    auto idx = index(image);
    if (!idx)
        return std::unexpected(idx.error());
    QStringList result;
    for (const auto &[tag, digest] : (*idx)->refs)
        result.append(tag);
    result.removeDuplicates();
    return result;
}

Result<QString> OciLayoutBackend::resolveTag(const QString &image, const QString &tag)
{
    auto idx = index(image);
    if (!idx)
        return std::unexpected(idx.error());
    // The last entry wins, as when a tool appends a re-tag to index.json.
    for (auto it = (*idx)->refs.crbegin(); it != (*idx)->refs.crend(); ++it) {
        if (it->first == tag)
            return it->second;
    }
    return fail(Error::Domain::Registry, u"image %1 has no tag '%2'"_s.arg(image, tag));
}

Result<ImageConfig> OciLayoutBackend::imageConfig(const QString &image, const QString &manifestDigest)
{
    QString digest = manifestDigest;
    // An index (multi-platform image) is followed to its first image manifest; two levels at most.
    for (int depth = 0; depth < 2; ++depth) {
        auto bytes = readBlob(image, digest);
        if (!bytes)
            return std::unexpected(bytes.error());
        auto manifest = parseObject(*bytes, u"manifest %1 of %2"_s.arg(digest, image));
        if (!manifest)
            return std::unexpected(manifest.error());
        const QString mediaType = manifest->value(u"mediaType"_s).toString();
        if (mediaType == MediaType::OciIndex || mediaType == MediaType::DockerManifestList) {
            const QJsonArray entries = manifest->value(u"manifests"_s).toArray();
            if (entries.isEmpty())
                return fail(Error::Domain::Registry, u"image index %1 of %2 lists no manifests"_s.arg(digest, image));
            digest = entries.first().toObject().value(u"digest"_s).toString();
            continue;
        }
        const QString configDigest = manifest->value(u"config"_s).toObject().value(u"digest"_s).toString();
        auto configBytes = readBlob(image, configDigest);
        if (!configBytes)
            return std::unexpected(configBytes.error());
        auto config = parseObject(*configBytes, u"config %1 of %2"_s.arg(configDigest, image));
        if (!config)
            return std::unexpected(config.error());

        return ImageConfig::fromJson(*config, manifestDigest);
    }
    return fail(Error::Domain::Registry, u"image %1 nests indexes too deeply at %2"_s.arg(image, manifestDigest));
}

Result<QStringList> OciLayoutBackend::catalog()
{
    QStringList names;
    const QDir root(m_root);
    if (!root.exists())
        return fail(Error::Domain::Registry, u"the registry folder %1 does not exist"_s.arg(m_root));
    constexpr int MaxImages = 100'000;
    QDirIterator it(m_root, {u"oci-layout"_s}, QDir::Files, QDirIterator::Subdirectories);
    while (it.hasNext() && names.size() < MaxImages) {
        const QString name = root.relativeFilePath(QFileInfo(it.next()).path());
        if (isValidRepositoryName(name)) // blobs/ of a layout, stray folders: not images
            names.append(name);
    }
    names.sort();
    return names;
}

Result<QString> OciLayoutBackend::deleteTags(const QString &image, const QStringList &doomed, const QString &expectedDigest)
{
    if (doomed.isEmpty())
        return fail(Error::Domain::Registry, u"no tag of %1 was named to delete"_s.arg(image));
    m_indexes.remove(image); // read afresh: another process may have changed it
    QString digest = expectedDigest;
    for (const QString &tag : doomed) {
        if (!isValidTag(tag))
            return fail(Error::Domain::Registry, u"'%1' is not a valid tag"_s.arg(tag.left(140)));
        auto current = resolveTag(image, tag);
        if (!current)
            return current;
        if (digest.isEmpty())
            digest = *current;
        if (*current != digest)
            return fail(Error::Domain::Registry,
                        u"refusing to delete %1:%2: it now points at %3, not at %4 as when the plan was made"_s.arg(image, tag, *current, digest));
    }
    const QString indexPath = QDir(imageDirectory(image)).filePath(u"index.json"_s);
    auto bytes = readBounded(indexPath, MaxMetadataSize);
    if (!bytes)
        return std::unexpected(bytes.error());
    auto object = parseObject(*bytes, indexPath);
    if (!object)
        return std::unexpected(object.error());
    QJsonArray kept;
    for (const QJsonValue &entry : object->value(u"manifests"_s).toArray()) {
        if (!doomed.contains(entry.toObject().value(u"annotations"_s).toObject().value(u"org.opencontainers.image.ref.name"_s).toString()))
            kept.append(entry);
    }
    object->insert(u"manifests"_s, kept);
    QSaveFile file(indexPath);
    const QByteArray written = QJsonDocument(*object).toJson(QJsonDocument::Compact);
    if (!file.open(QIODevice::WriteOnly) || file.write(written) != written.size() || !file.commit())
        return fail(Error::Domain::Registry, u"cannot write %1: %2"_s.arg(indexPath, file.errorString()));
    m_indexes.remove(image);
    return digest;
}

} // namespace rd::registry
