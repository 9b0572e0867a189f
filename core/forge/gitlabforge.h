// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "forge/forgeclient.h"
#include "forge/forgehttp.h"

// GitLab's REST API (v4, gitlab.com/api/v4 or a self-managed instance's /api/v4): merge
// requests of a project named by numeric id or by its path (sent URL-encoded).
namespace rd::forge {

class GitLabForge final : public ForgeClient
{
public:
    GitLabForge(ForgeHttp http, QString project);

    QString term() const override { return QStringLiteral("merge request"); }
    QString reference(int number) const override { return u'!' + QString::number(number); }
    Result<std::optional<PullRequestInfo>> findOpen(const QString &head, const QString &base) override;
    Result<PullRequestInfo> open(const NewPullRequest &request, bool *created) override;
    Result<PullRequestInfo> get(int number) override;
    Result<PullRequestInfo> merge(int number, const QString &expectedHeadSha) override;
    Result<void> close(int number) override;

private:
    QByteArray requests() const;
    Result<PullRequestInfo> parse(const QJsonObject &object, const QString &what) const;

    ForgeHttp m_http;
    QString m_project;
};

} // namespace rd::forge
