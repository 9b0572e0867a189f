// SPDX-License-Identifier: GPL-3.0-or-later
// The writing half of OciLayoutBackend: retag and pointTag for promotions in the demo
// workspace (and any registry kept as OCI image layouts on disk).
#include "ocilayout.h"

#include "reference.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLockFile>
#include <QSaveFile>

using namespace Qt::StringLiterals;

namespace rd::registry {

namespace {

constexpr auto RefName = "org.opencontainers.image.ref.name";

Result<QJsonObject> readIndexFile(const QString &path)
{
    const QFileInfo info(path);
    if (!info.isFile())
        return fail(Error::Domain::Registry, u"%1 is not a regular file"_s.arg(path));
    if (info.size() > OciLayoutBackend::MaxMetadataSize)
        return fail(Error::Domain::Registry, u"%1 is larger than the %2 bytes allowed for an index"_s.arg(path).arg(OciLayoutBackend::MaxMetadataSize));
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return fail(Error::Domain::Registry, u"cannot read %1: %2"_s.arg(path, file.errorString()));
    QJsonParseError error;
    const QJsonDocument document = QJsonDocument::fromJson(file.read(OciLayoutBackend::MaxMetadataSize + 1), &error);
    if (error.error != QJsonParseError::NoError || !document.isObject())
        return fail(Error::Domain::Registry, u"%1 is not a JSON object"_s.arg(path));
    return document.object();
}

} // namespace

Result<QString> OciLayoutBackend::retag(const QString &image, const QString &sourceTag, const QString &targetTag,
                                        const QString &expectedDigest)
{
    if (!isValidTag(sourceTag) || !isValidTag(targetTag))
        return fail(Error::Domain::Registry, u"cannot tag '%1' as '%2': not valid OCI tags"_s.arg(sourceTag.left(140), targetTag.left(140)));
    m_indexes.remove(image); // another process may have written since we read it
    auto digest = resolveTag(image, sourceTag);
    if (!digest)
        return std::unexpected(digest.error());
    if (!expectedDigest.isEmpty() && *digest != expectedDigest)
        return fail(Error::Domain::Registry,
                    u"refusing to tag %1:%2 as %3: it now points at %4, not at %5 as when the plan was made"_s
                        .arg(image, sourceTag, targetTag, *digest, expectedDigest));
    return pointTag(image, targetTag, *digest);
}

Result<QString> OciLayoutBackend::pointTag(const QString &image, const QString &tag, const QString &digest)
{
    if (!isValidRepositoryName(image))
        return fail(Error::Domain::Registry, u"'%1' is not a valid image repository name"_s.arg(image.left(300)));
    if (!isValidTag(tag))
        return fail(Error::Domain::Registry, u"'%1' is not a valid tag"_s.arg(tag.left(140)));
    if (!isValidDigest(digest))
        return fail(Error::Domain::Registry, u"'%1' is not a valid sha256 digest"_s.arg(digest.left(80)));
    const QDir dir(imageDirectory(image));
    const QString indexPath = dir.filePath(u"index.json"_s);
    m_indexes.remove(image);

    QLockFile lock(indexPath + u".lock"_s);
    lock.setStaleLockTime(30'000);
    if (!lock.tryLock(10'000))
        return fail(Error::Domain::Registry, u"%1 is locked by another process"_s.arg(indexPath));
    auto index = readIndexFile(indexPath);
    if (!index)
        return std::unexpected(index.error());

    // The descriptor of the manifest: from an entry that already names it, else from the blob.
    QJsonObject descriptor;
    QJsonArray kept;
    const QJsonArray manifests = index->value(u"manifests"_s).toArray();
    for (const QJsonValue &entry : manifests) {
        const QJsonObject object = entry.toObject();
        if (object.value(u"digest"_s).toString() == digest && descriptor.isEmpty()) {
            descriptor = object;
            descriptor.remove(u"annotations"_s);
        }
        if (object.value(u"annotations"_s).toObject().value(QLatin1StringView(RefName)).toString() != tag)
            kept.append(object);
    }
    if (descriptor.isEmpty()) {
        auto bytes = readBlob(image, digest);
        if (!bytes)
            return fail(Error::Domain::Registry, u"image %1 has no manifest %2: %3"_s.arg(image, digest, bytes.error().message));
        const QString mediaType = QJsonDocument::fromJson(*bytes).object().value(u"mediaType"_s).toString();
        if (mediaType.isEmpty())
            return fail(Error::Domain::Registry, u"manifest %1 of image %2 names no media type"_s.arg(digest, image));
        descriptor.insert(u"mediaType"_s, mediaType);
        descriptor.insert(u"digest"_s, digest);
        descriptor.insert(u"size"_s, qint64(bytes->size()));
    }
    descriptor.insert(u"annotations"_s, QJsonObject{{QLatin1StringView(RefName), tag}});
    kept.append(descriptor);
    index->insert(u"manifests"_s, kept);

    QSaveFile file(indexPath);
    if (!file.open(QIODevice::WriteOnly) || file.write(QJsonDocument(*index).toJson()) < 0 || !file.commit())
        return fail(Error::Domain::Registry, u"cannot write %1: %2"_s.arg(indexPath, file.errorString()));
    return digest;
}

} // namespace rd::registry
