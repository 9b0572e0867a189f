// SPDX-License-Identifier: GPL-3.0-or-later
#include "release/steps/registryretagstep.h"

#include "registry/registrybackend.h"

using namespace Qt::StringLiterals;

namespace rd::release {

namespace {
QString shortDigest(const QString &digest) { return digest.left(19) + u'…'; }
} // namespace

RegistryRetagStep::RegistryRetagStep(Target target, const config::Workspace &workspace)
    : m_target(std::move(target))
    , m_workspace(workspace)
{
}

QString RegistryRetagStep::description() const
{
    const QString now = m_target.oldDigest.isEmpty() ? u"which does not exist yet"_s
                                                     : u"which now points at %1"_s.arg(shortDigest(m_target.oldDigest));
    return u"Point registry tag %1:%2 at %3 (%4), %5."_s.arg(m_target.image, m_target.environmentTag, m_target.versionTag,
                                                              shortDigest(m_target.digest), now);
}

QString RegistryRetagStep::undoDescription() const
{
    if (m_target.oldDigest.isEmpty())
        return u"Delete registry tag %1:%2 again (it did not exist before)."_s.arg(m_target.image, m_target.environmentTag);
    return u"Point registry tag %1:%2 back at %3."_s.arg(m_target.image, m_target.environmentTag, shortDigest(m_target.oldDigest));
}

Result<void> RegistryRetagStep::run(StepContext &context)
{
    // A backend is used by one thread at a time: each run opens its own.
    auto backend = registry::openRegistry(m_target.registry, m_workspace);
    if (!backend)
        return std::unexpected(backend.error());
    auto digest = (*backend)->retag(m_target.image, m_target.versionTag, m_target.environmentTag, m_target.digest);
    if (!digest)
        return std::unexpected(digest.error());
    context.output(u"%1:%2 → %3"_s.arg(m_target.image, m_target.environmentTag, *digest));
    return {};
}

Result<void> RegistryRetagStep::undo(StepContext &context)
{
    auto backend = registry::openRegistry(m_target.registry, m_workspace);
    if (!backend)
        return std::unexpected(backend.error());
    // Only take back our own change: if someone moved the tag since, theirs stands.
    auto now = (*backend)->resolveTag(m_target.image, m_target.environmentTag);
    if (!now)
        return std::unexpected(now.error());
    if (*now != m_target.digest)
        return fail(Error::Domain::Registry, u"%1:%2 was moved to %3 by someone else meanwhile; it was left there"_s.arg(
                                                 m_target.image, m_target.environmentTag, shortDigest(*now)));
    if (m_target.oldDigest.isEmpty()) {
        auto deleted = (*backend)->deleteTag(m_target.image, m_target.environmentTag, m_target.digest);
        if (!deleted)
            return std::unexpected(deleted.error());
        context.output(u"%1:%2 deleted"_s.arg(m_target.image, m_target.environmentTag));
        return {};
    }
    auto digest = (*backend)->pointTag(m_target.image, m_target.environmentTag, m_target.oldDigest);
    if (!digest)
        return std::unexpected(digest.error());
    context.output(u"%1:%2 → %3"_s.arg(m_target.image, m_target.environmentTag, *digest));
    return {};
}

} // namespace rd::release
