// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "util/error.h"

#include <QByteArray>
#include <QList>
#include <QString>

namespace rd::registry {

struct Descriptor
{
    QString mediaType;
    QString digest;
    qint64 size = 0;
};

// Writes one OCI image layout (oci-layout, index.json, blobs/sha256/) that skopeo, oras and
// crane can read. Used to build the demo registry and test fixtures. Output is deterministic:
// the same images and tags give the same bytes.
class OciLayoutWriter
{
public:
    explicit OciLayoutWriter(QString directory);

    // Stores `content` as a blob and describes it.
    [[nodiscard]] Result<Descriptor> writeBlob(const QByteArray &content, const QString &mediaType);
    // Stores an image manifest for `config` and `layers`, returning the manifest's descriptor.
    [[nodiscard]] Result<Descriptor> writeImage(const Descriptor &config, const QList<Descriptor> &layers);
    // Points `tag` at `manifest` (an existing tag moves).
    void tag(const QString &tag, const Descriptor &manifest);
    // Writes oci-layout and index.json.
    [[nodiscard]] Result<void> finish();

private:
    QString m_directory;
    QList<std::pair<QString, Descriptor>> m_tags;
};

// A POSIX ustar archive of regular files (name → content), the payload of an uncompressed
// layer. Modification times are fixed at `mtime` so the bytes are reproducible. Names are the
// fixed, short paths of demo images and test fixtures: at most 99 bytes (asserted), since this
// writer does not use ustar's prefix field.
QByteArray makeTar(const QList<std::pair<QString, QByteArray>> &files, qint64 mtime);

} // namespace rd::registry
