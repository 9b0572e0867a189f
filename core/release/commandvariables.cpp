// SPDX-License-Identifier: GPL-3.0-or-later
#include "release/commandvariables.h"

#include "registry/reference.h"

#include <QUrl>

using namespace Qt::StringLiterals;

namespace rd::release {

namespace {

// The registry part of {image}: "ghcr.io" for https://ghcr.io, "127.0.0.1:5000" for a local
// one, nothing for an OCI layout directory (the image name is all a local tool needs).
QString registryHost(const config::Registry &registry)
{
    if (registry.isOciLayout())
        return {};
    const QUrl url(registry.url);
    return url.port() > 0 ? url.host() + u':' + QString::number(url.port()) : url.host();
}

} // namespace

Result<QList<CommandVariable>> commandVariables(const config::Workspace &workspace, const CommandValues &values)
{
    const config::Artifact *artifact = workspace.artifact(values.artifact);
    if (!artifact)
        return fail(Error::Domain::Usage, u"'%1' is not an artifact of this workspace"_s.arg(values.artifact.left(80)));
    if (!workspace.environment(values.environment))
        return fail(Error::Domain::Usage, u"'%1' is not an environment of this workspace"_s.arg(values.environment.left(80)));
    // Workspace names are already [a-z0-9][a-z0-9._-]*; the image name is checked again here
    // because it reaches the shell.
    if (!registry::isValidRepositoryName(artifact->image))
        return fail(Error::Domain::Config, u"the image name '%1' of '%2' is not a valid repository name"_s.arg(artifact->image.left(80), artifact->name));
    QList<CommandVariable> variables{{u"artifact"_s, artifact->name}, {u"env"_s, values.environment}};
    QString image = artifact->image;
    if (const config::Registry *registry = workspace.registry(artifact->registry)) {
        const QString host = registryHost(*registry);
        if (!host.isEmpty())
            image = host + u'/' + image;
    }
    variables.append({u"image"_s, image});
    if (!values.version.isEmpty()) {
        if (!registry::isValidTag(values.version))
            return fail(Error::Domain::Usage,
                        u"'%1' is not a valid tag ([A-Za-z0-9_][A-Za-z0-9._-]{0,127}), so it cannot be deployed"_s.arg(values.version.left(80)));
        variables.append({u"version"_s, values.version});
    }
    if (!values.digest.isEmpty()) {
        if (!registry::isValidDigest(values.digest))
            return fail(Error::Domain::Usage, u"'%1' is not a valid digest"_s.arg(values.digest.left(80)));
        variables.append({u"digest"_s, values.digest});
    }
    return variables;
}

Result<QString> workspaceCommand(const config::Workspace &workspace, const QString &command, const CommandValues &values)
{
    Result<QList<CommandVariable>> variables = commandVariables(workspace, values);
    if (!variables)
        return std::unexpected(variables.error());
    return expandCommand(command, *variables);
}

} // namespace rd::release
