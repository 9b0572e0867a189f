// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "registrybackend.h"

#include <QByteArray>
#include <QList>
#include <QSslCertificate>
#include <QUrl>
#include <chrono>
#include <memory>

namespace rd::registry {

// A registry spoken to over the OCI distribution API (Docker Registry HTTP API v2) with
// QtNetwork. Calls block the calling thread on a local event loop, as RegistryBackend
// requires; the object creates its QNetworkAccessManager in the thread that uses it (a new one
// if it is later used from another thread), so connections are kept alive between calls.
//
// Authentication follows the registry's 401 challenges: anonymous first, then Basic with the
// workspace's credentials, or the Bearer token flow (token fetched from the realm per scope,
// cached until it expires, fetched again with the wider scope when a later request is refused).
// Credentials and tokens only go to the registry's own scheme, host and port — and credentials
// to the token realm when it is https or on the registry's host; a redirect elsewhere (a blob
// store, say) is followed without them. Every response is untrusted: sizes are bounded, digests
// of manifests and configs verified, names and tags checked against the OCI grammar, and each
// failure becomes one sentence naming the registry and the request.
//
// Batch reads (taggedImages(), resolveTags(), the first tag page) of a plain-http registry
// with no proxy in front go over PlainHttpBatch's sockets on the calling thread; whatever they
// cannot take plainly is asked again through QNetworkAccessManager.
class RemoteRegistry final : public RegistryBackend
{
public:
    struct Options
    {
        std::chrono::milliseconds transferTimeout{20'000}; // no byte received for this long
        std::chrono::milliseconds requestTimeout{60'000};  // one request, redirects included
        int attempts = 3;                                  // for idempotent requests; 1 = no retry
        std::chrono::milliseconds backoff{200};            // before the 2nd attempt, doubled after
        qint64 maxMetadataSize = 4 * 1024 * 1024;          // manifest, config, tag page, token
        int parallelRequests = 6;                          // batch reads: requests in flight
        int catalogPageSize = 100;                         // catalog(): repositories asked per page
        qint64 maxCopiedBlobSize = qint64(2) * 1024 * 1024 * 1024; // copyImage() without a mount
        QList<QSslCertificate> trustedCertificates;        // https: trusted besides the system's CAs
    };

    // `name` is used in messages; `url` is scheme://host[:port]; `credentials` is the
    // workspace reference (none | docker-config | env:VAR | keyring:NAME), resolved on the
    // first challenge that needs it.
    RemoteRegistry(QString name, const QUrl &url, QString credentials, Options options);
    RemoteRegistry(QString name, const QUrl &url, QString credentials);
    ~RemoteRegistry() override;
    RemoteRegistry(const RemoteRegistry &) = delete;
    RemoteRegistry &operator=(const RemoteRegistry &) = delete;

    // Every tag, following `Link: <…>; rel="next"` pages. Each tag is checked against the grammar.
    Result<QStringList> tags(const QString &image) override;
    // HEAD with the full manifest Accept list; the Docker-Content-Digest answered.
    Result<QString> resolveTag(const QString &image, const QString &tag) override;
    // Overlaps the HEAD requests (at most `Options::parallelRequests` at a time on kept-alive
    // connections); a tag whose quick answer is not a plain 200 with a digest is asked again
    // through resolveTag(), so errors, retries and authentication behave the same.
    QList<Result<QString>> resolveTags(const QString &image, const QStringList &tags) override;
    // One GET per tag's manifest, overlapped; then each config not read before (configs are
    // cached by digest for the whole process). Anything unusual goes the careful way.
    QList<Result<TaggedImage>> taggedImages(const QString &image, const QStringList &tags) override;
    // Follows an index to its linux/amd64 manifest (else its first), then reads the config blob.
    Result<ImageConfig> imageConfig(const QString &image, const QString &manifestDigest) override;
    // GET the manifest `sourceTag` points at and PUT the identical bytes as `targetTag`.
    Result<QString> retag(const QString &image, const QString &sourceTag, const QString &targetTag,
                          const QString &expectedDigest) override;
    // GET the manifest by digest and PUT the identical bytes as `tag` (remotepointtag.cpp).
    Result<QString> pointTag(const QString &image, const QString &tag, const QString &digest) override;

    // Every repository, from /v2/_catalog, following its Link pages (Options::catalogPageSize
    // names per page); each name checked against the grammar.
    Result<QStringList> catalog() override;
    // DELETE /v2/<image>/manifests/<tag> where the registry supports deleting a tag (OCI);
    // otherwise (Distribution 2.x answers 400/405) deletes by digest, which removes every tag on
    // that digest — so only when no other tag shares it, checked again just before. Refused
    // with the other tags named when they share it: 2.x has no way to remove just one of them.
    Result<QString> deleteTags(const QString &image, const QStringList &tags, const QString &expectedDigest) override;

    // Copies the image `reference` (tag or digest) of `sourceImage` to `targetImage:targetTag`
    // in this registry: every blob mounted across repositories (uploaded through memory when
    // the mount is refused, up to Options::maxCopiedBlobSize), an index with each of its child
    // manifests, then the top manifest, identical bytes, so the digest stays the same.
    Result<CopyReport> copyImage(const QString &sourceImage, const QString &reference, const QString &targetImage,
                                 const QString &targetTag) override;
    // One blob of `from` made present in `image`: "present", "mounted" or "uploaded".
    [[nodiscard]] Result<QString> mountBlob(const QString &image, const QString &digest, const QString &from, qint64 size);

    struct Manifest
    {
        QByteArray bytes;
        QString mediaType;
        QString digest; // sha256 of bytes, computed here
    };
    // The manifest (or index) `reference` (a tag or a digest) names, verified against its digest.
    [[nodiscard]] Result<Manifest> manifest(const QString &image, const QString &reference);

    // Push: stores `content` as a blob of `image` unless the registry has it already, and
    // returns its digest. With `mountFrom` (another repository of this registry holding the
    // blob) the blob is mounted across repositories first — no bytes move when that works.
    [[nodiscard]] Result<QString> pushBlob(const QString &image, const QByteArray &content, const QString &mountFrom = {});
    // Push: stores a manifest (its blobs must be there) under `tag`, returning its digest.
    [[nodiscard]] Result<QString> putManifest(const QString &image, const QString &tag, const QByteArray &manifest,
                                              const QString &mediaType);

private:
    struct Private;
    std::unique_ptr<Private> d;
};

} // namespace rd::registry
