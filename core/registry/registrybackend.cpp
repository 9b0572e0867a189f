// SPDX-License-Identifier: GPL-3.0-or-later
#include "registrybackend.h"

#include "config/workspace.h"
#include "ocilayout.h"

using namespace Qt::StringLiterals;

namespace rd::registry {

Result<std::unique_ptr<RegistryBackend>> openRegistry(const config::Registry &registry,
                                                      const config::Workspace &workspace)
{
    if (registry.isOciLayout())
        return std::make_unique<OciLayoutBackend>(workspace.resolvePath(registry.ociLayoutDir()));
    return fail(Error::Domain::Registry,
                u"registry '%1' (%2) is a remote registry; this version of ReleaseDeck reads only OCI image-layout directories"_s
                    .arg(registry.name, registry.url),
                registry.location);
}

} // namespace rd::registry
