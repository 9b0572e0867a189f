// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "registrybackend.h"

#include <QHash>

namespace rd::registry {

// A registry made of OCI image-layout directories (the format skopeo, oras and crane read and
// write): the image "org/api" lives in <root>/org/api, itself a layout with an oci-layout file,
// index.json and blobs/sha256/. Tags are the org.opencontainers.image.ref.name annotations of
// index.json. Everything read is untrusted: sizes are bounded, digests verified, names checked.
class OciLayoutBackend final : public RegistryBackend
{
public:
    explicit OciLayoutBackend(QString rootDirectory);

    Result<QStringList> tags(const QString &image) override;
    Result<QString> resolveTag(const QString &image, const QString &tag) override;
    Result<ImageConfig> imageConfig(const QString &image, const QString &manifestDigest) override;
    // Writing tags (ocilayoutwrite.cpp): index.json is rewritten atomically under a lock file,
    // so two processes promoting at once cannot lose each other's tags.
    Result<QString> retag(const QString &image, const QString &sourceTag, const QString &targetTag,
                          const QString &expectedDigest) override;
    Result<QString> pointTag(const QString &image, const QString &tag, const QString &digest) override;
    bool resolvesTagsCheaply() const override { return true; }
    // Every folder under the root holding an image layout (an oci-layout file), as image names.
    Result<QStringList> catalog() override;
    // Removes the tag's entries from index.json (rewritten atomically); blobs stay, and so does
    // every other tag on the same manifest.
    Result<QString> deleteTags(const QString &image, const QStringList &tags, const QString &expectedDigest) override;

    // Largest index, manifest or config blob read into memory.
    static constexpr qint64 MaxMetadataSize = 4 * 1024 * 1024;

private:
    struct Index
    {
        QList<std::pair<QString, QString>> refs; // tag → manifest digest, in file order
    };
    Result<const Index *> index(const QString &image);
    Result<QByteArray> readBlob(const QString &image, const QString &digest);
    QString imageDirectory(const QString &image) const;

    QString m_root;
    QHash<QString, Index> m_indexes; // parsed once per backend object
};

} // namespace rd::registry
