// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "util/error.h"

#include <QList>
#include <QString>
#include <utility>

// Commands written in the workspace ("cd /srv && IMAGE_TAG={version} docker compose up -d")
// get values from registries, git and the user. Every value is validated by the caller and
// then placed so that the shell reads it as exactly one literal word, whatever quotes the
// template put around the placeholder; a value that could change the command's meaning in
// that position is refused, never escaped into something "probably fine".
namespace rd {

// POSIX sh single quoting: everything literal, a ' written as '\''.
QString shellQuote(const QString &text);

struct CommandVariable
{
    QString name;   // without braces: "version" fills {version}
    QString value;  // already validated against its grammar (tag, digest, workspace name)
};

// `command` with every {name} replaced. Outside quotes a value is single-quoted; inside
// "double quotes" it goes in as is and must not contain $ ` " \ or a newline; inside
// 'single quotes' it must not contain '. A {placeholder} not in `variables` is an error naming
// it, as is a template with an unterminated quote.
[[nodiscard]] Result<QString> expandCommand(const QString &command, const QList<CommandVariable> &variables);

// The names of the {placeholders} a template uses, in order of first use (for validation
// of the workspace file before anything runs).
QStringList commandPlaceholders(const QString &command);

} // namespace rd
