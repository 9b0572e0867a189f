// SPDX-License-Identifier: GPL-3.0-or-later
#include "reference.h"
#include "remoteregistry.h"

using namespace Qt::StringLiterals;

namespace rd::registry {

Result<QString> RemoteRegistry::pointTag(const QString &image, const QString &tag, const QString &digest)
{
    if (!isValidTag(tag))
        return fail(Error::Domain::Registry, u"'%1' is not a valid tag"_s.arg(tag.left(140)));
    if (!isValidDigest(digest))
        return fail(Error::Domain::Registry, u"'%1' is not a valid sha256 digest"_s.arg(digest.left(80)));
    auto m = manifest(image, digest);
    if (!m)
        return std::unexpected(m.error());
    return putManifest(image, tag, m->bytes, m->mediaType);
}

} // namespace rd::registry
