// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "imageconfig.h"
#include "util/error.h"

#include <QStringList>
#include <memory>

namespace rd::config {
struct Registry;
struct Workspace;
} // namespace rd::config

namespace rd::registry {

// Read access to the images of one registry. Calls block; they are made from worker threads,
// and one backend object is used by one thread at a time.
class RegistryBackend
{
public:
    virtual ~RegistryBackend() = default;

    // Every tag of `image`, in no particular order.
    [[nodiscard]] virtual Result<QStringList> tags(const QString &image) = 0;
    // The manifest digest `tag` points at; an error naming the tag when it does not exist.
    [[nodiscard]] virtual Result<QString> resolveTag(const QString &image, const QString &tag) = 0;
    // The config of the image whose manifest has `manifestDigest`.
    [[nodiscard]] virtual Result<ImageConfig> imageConfig(const QString &image, const QString &manifestDigest) = 0;
    // resolveTag() for each of `tags`, in the same order. Backends that can overlap requests
    // (a remote registry) do so; the default asks one tag after the other.
    [[nodiscard]] virtual QList<Result<QString>> resolveTags(const QString &image, const QStringList &tags);
    // Points `targetTag` at the manifest `sourceTag` points at, without moving any blob, and
    // returns its digest. Refused when `expectedDigest` is given and `sourceTag` no longer
    // points at it (the plan was made against another image). Backends that cannot write
    // refuse with a clear error (the default).
    [[nodiscard]] virtual Result<QString> retag(const QString &image, const QString &sourceTag, const QString &targetTag,
                                                const QString &expectedDigest);
    // Points `tag` at the manifest `digest`, which `image` must already hold (how a promotion's
    // retag is taken back when no tag names the old digest any more). Returns the digest.
    // Backends that cannot write refuse (the default).
    [[nodiscard]] virtual Result<QString> pointTag(const QString &image, const QString &tag, const QString &digest);

    // What a tag shows: the manifest digest it points at and that image's config.
    struct TaggedImage
    {
        QString digest;
        ImageConfig config;
    };
    // resolveTag() and imageConfig() for each of `tags`, in the same order. A remote registry
    // overlaps the requests and caches configs by digest (content-addressed: never stale).
    [[nodiscard]] virtual QList<Result<TaggedImage>> taggedImages(const QString &image, const QStringList &tags);

    // Whether resolving every tag of an image costs next to nothing (a local layout reads one
    // index.json), so callers may resolve them all instead of only the ones they need.
    virtual bool resolvesTagsCheaply() const { return false; }

    // Every repository of the registry (sorted). Backends that cannot list refuse clearly.
    [[nodiscard]] virtual Result<QStringList> catalog();

    // Removes `tags` (all pointing at one digest: `expectedDigest` when given) from `image` and
    // nothing else: every other tag keeps its image. Refused, with the other tags named, when
    // the registry can only delete by digest and other tags share it. Returns the digest.
    [[nodiscard]] virtual Result<QString> deleteTags(const QString &image, const QStringList &tags, const QString &expectedDigest);
    // How a copy went: the top manifest's digest, manifests stored, blobs mounted, uploaded
    // through this process, or already present in the target.
    struct CopyReport
    {
        QString digest;
        int manifests = 0;
        int mounted = 0;
        int uploaded = 0;
        int present = 0;
    };
    // Copies a whole image (an index with every child manifest) to another repository of the
    // same registry, moving as few bytes as the registry allows; the digest stays the same.
    // The registry step a promotion across repositories uses. Backends that cannot write
    // refuse clearly (the default).
    [[nodiscard]] virtual Result<CopyReport> copyImage(const QString &sourceImage, const QString &reference,
                                                       const QString &targetImage, const QString &targetTag);

    [[nodiscard]] Result<QString> deleteTag(const QString &image, const QString &tag, const QString &expectedDigest)
    {
        return deleteTags(image, {tag}, expectedDigest);
    }
};

// The backend for a registry of the workspace: OciLayoutBackend for oci-layout: URLs,
// RemoteRegistry (OCI distribution API) for http:// and https:// URLs.
[[nodiscard]] Result<std::unique_ptr<RegistryBackend>> openRegistry(const config::Registry &registry,
                                                                    const config::Workspace &workspace);

} // namespace rd::registry
