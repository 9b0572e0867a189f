// SPDX-License-Identifier: GPL-3.0-or-later
#include "registrybackend.h"

#include "config/workspace.h"
#include "ocilayout.h"
#include "remoteregistry.h"
#include "util/trustedcertificates.h"

#include <QUrl>

using namespace Qt::StringLiterals;

namespace rd::registry {

Result<std::unique_ptr<RegistryBackend>> openRegistry(const config::Registry &registry,
                                                      const config::Workspace &workspace)
{
    if (registry.isOciLayout())
        return std::make_unique<OciLayoutBackend>(workspace.resolvePath(registry.ociLayoutDir()));
    const QUrl url(registry.url);
    if (url.isValid() && (url.scheme() == u"https" || url.scheme() == u"http") && !url.host().isEmpty()) {
        RemoteRegistry::Options options;
        if (!registry.ca.isEmpty()) {
            auto trusted = readTrustedCertificates(workspace.resolvePath(registry.ca));
            if (!trusted)
                return fail(Error::Domain::Registry, u"registry '%1': %2"_s.arg(registry.name, trusted.error().message), registry.location);
            options.trustedCertificates = *trusted;
        }
        return std::make_unique<RemoteRegistry>(registry.name, url, registry.credentials, options);
    }
    return fail(Error::Domain::Registry,
                u"registry '%1' has the URL '%2', which is neither https://, http:// nor oci-layout:"_s.arg(registry.name, registry.url),
                registry.location);
}

QList<Result<QString>> RegistryBackend::resolveTags(const QString &image, const QStringList &tags)
{
    QList<Result<QString>> digests;
    digests.reserve(tags.size());
    for (const QString &tag : tags)
        digests.append(resolveTag(image, tag));
    return digests;
}

Result<QString> RegistryBackend::retag(const QString &image, const QString &sourceTag, const QString &targetTag,
                                       const QString &expectedDigest)
{
    Q_UNUSED(expectedDigest);
    return fail(Error::Domain::Registry,
                u"cannot tag %1:%2 as %3: this registry backend is read-only"_s.arg(image, sourceTag, targetTag));
}

Result<QString> RegistryBackend::pointTag(const QString &image, const QString &tag, const QString &digest)
{
    return fail(Error::Domain::Registry,
                u"cannot point %1:%2 at %3: this registry backend is read-only"_s.arg(image, tag, digest));
}

QList<Result<RegistryBackend::TaggedImage>> RegistryBackend::taggedImages(const QString &image, const QStringList &tags)
{
    QList<Result<TaggedImage>> images;
    images.reserve(tags.size());
    for (const QString &tag : tags) {
        auto digest = resolveTag(image, tag);
        if (!digest) {
            images.append(std::unexpected(digest.error()));
            continue;
        }
        auto config = imageConfig(image, *digest);
        if (!config)
            images.append(std::unexpected(config.error()));
        else
            images.append(TaggedImage{*digest, *config});
    }
    return images;
}

Result<RegistryBackend::CopyReport> RegistryBackend::copyImage(const QString &sourceImage, const QString &reference,
                                                               const QString &targetImage, const QString &targetTag)
{
    return fail(Error::Domain::Registry,
                u"cannot copy %1:%2 to %3:%4: this registry backend is read-only"_s.arg(sourceImage, reference, targetImage, targetTag));
}

Result<QStringList> RegistryBackend::catalog()
{
    return fail(Error::Domain::Registry, u"this registry backend cannot list its repositories"_s);
}

Result<QString> RegistryBackend::deleteTags(const QString &image, const QStringList &tags, const QString &expectedDigest)
{
    Q_UNUSED(expectedDigest);
    return fail(Error::Domain::Registry, u"cannot delete %1:%2: this registry backend is read-only"_s.arg(image, tags.join(u", "_s)));
}

} // namespace rd::registry
