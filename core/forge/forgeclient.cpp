// SPDX-License-Identifier: GPL-3.0-or-later
#include "forge/forgeclient.h"

#include "forge/githubforge.h"
#include "forge/gitlabforge.h"
#include "secrets/secretreference.h"

using namespace Qt::StringLiterals;

namespace rd::forge {

QString forgeName(config::PullRequest::Forge forge)
{
    return forge == config::PullRequest::Forge::GitHub ? u"GitHub"_s : u"GitLab"_s;
}

Result<std::unique_ptr<ForgeClient>> openForge(const config::PullRequest &settings, const QString &environment)
{
    const QUrl api(settings.api, QUrl::StrictMode);
    if (!api.isValid() || (api.scheme() != u"https" && api.scheme() != u"http") || api.host().isEmpty())
        return fail(Error::Domain::Config, u"the pull_request 'api' of environment %1 is not an http(s) URL"_s.arg(environment));
    auto token = secrets::readSecret(settings.token, u"the %1 token of environment %2"_s.arg(forgeName(settings.forge), environment));
    if (!token)
        return std::unexpected(token.error());
    for (char c : std::as_const(*token)) {
        if (static_cast<unsigned char>(c) < 0x21 || static_cast<unsigned char>(c) == 0x7f)
            return fail(Error::Domain::Config, u"the %1 token of environment %2 contains a space or control character; tokens are one word"_s.arg(forgeName(settings.forge), environment));
    }
    const QByteArray authorization = "Bearer " + *token;
    const QString name = u"%1 at %2"_s.arg(forgeName(settings.forge), api.toDisplayString());
    if (settings.forge == config::PullRequest::Forge::GitHub)
        return std::make_unique<GitHubForge>(ForgeHttp(api, authorization, name), settings.project);
    return std::make_unique<GitLabForge>(ForgeHttp(api, authorization, name), settings.project);
}

} // namespace rd::forge
