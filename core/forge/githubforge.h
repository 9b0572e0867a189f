// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "forge/forgeclient.h"
#include "forge/forgehttp.h"

// GitHub's REST API (v3, api.github.com or a GitHub Enterprise Server's /api/v3): pulls of
// the repository OWNER/NAME.
namespace rd::forge {

class GitHubForge final : public ForgeClient
{
public:
    GitHubForge(ForgeHttp http, QString project);

    QString term() const override { return QStringLiteral("pull request"); }
    QString reference(int number) const override { return u'#' + QString::number(number); }
    Result<std::optional<PullRequestInfo>> findOpen(const QString &head, const QString &base) override;
    Result<PullRequestInfo> open(const NewPullRequest &request, bool *created) override;
    Result<PullRequestInfo> get(int number) override;
    Result<PullRequestInfo> merge(int number, const QString &expectedHeadSha) override;
    Result<void> close(int number) override;

private:
    QByteArray pulls() const;
    Result<PullRequestInfo> parse(const QJsonObject &object, const QString &what) const;

    ForgeHttp m_http;
    QString m_project;
};

} // namespace rd::forge
