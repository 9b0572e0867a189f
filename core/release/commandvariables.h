// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "config/workspace.h"
#include "util/error.h"
#include "util/shellcommand.h"

#include <QList>
#include <QString>

// The values a workspace command ({artifact}, {image}, {version}, {digest}, {env}) may be
// given, each checked against its grammar before it comes near a shell. Deploy, rollback,
// restart, logs and status commands all take their values from here.
namespace rd::release {

struct CommandValues
{
    QString artifact;      // an artifact of the workspace (required)
    QString environment;   // an environment of the workspace (required)
    QString version;       // a tag (OCI grammar), optional
    QString digest;        // sha256:<64 hex>, optional
};

// {artifact}, {env}, {image} (the image's repository: "ghcr.io/org/api", without a tag),
// and {version} / {digest} when given. A value that fails its grammar is an error naming it.
[[nodiscard]] Result<QList<CommandVariable>> commandVariables(const config::Workspace &workspace, const CommandValues &values);

// expandCommand() with those variables: the command exactly as it will run.
[[nodiscard]] Result<QString> workspaceCommand(const config::Workspace &workspace, const QString &command,
                                               const CommandValues &values);

} // namespace rd::release
