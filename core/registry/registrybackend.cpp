// SPDX-License-Identifier: GPL-3.0-or-later
#include "registrybackend.h"

#include "config/workspace.h"
#include "ocilayout.h"
#include "remoteregistry.h"

#include <QUrl>

using namespace Qt::StringLiterals;

namespace rd::registry {

Result<std::unique_ptr<RegistryBackend>> openRegistry(const config::Registry &registry,
                                                      const config::Workspace &workspace)
{
    if (registry.isOciLayout())
        return std::make_unique<OciLayoutBackend>(workspace.resolvePath(registry.ociLayoutDir()));
    const QUrl url(registry.url);
    if (url.isValid() && (url.scheme() == u"https" || url.scheme() == u"http") && !url.host().isEmpty())
        return std::make_unique<RemoteRegistry>(registry.name, url, registry.credentials);
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

} // namespace rd::registry
