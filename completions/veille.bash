# veille.bash — bash completion of the veille command line.
#
# Installed as share/bash-completion/completions/veille, where bash-completion
# loads it on first use; or `source completions/veille.bash` by hand. It needs
# nothing from bash-completion (it uses _filedir when that is there).
#
# Completes the commands of `veille --help`, each command's options (those of
# `veille COMMAND --help`; tests/cli/t_install.sh checks the two agree), the
# values of --sort and --type, files for inputs, --db and --overrides, and
# folders for --data. Global options may stand anywhere, as the CLI allows.

# COMPREPLY: compgen's words for $cur, one a line (file names may hold spaces).
_veille_compgen() # COMPGEN-ARGS...
{
    mapfile -t COMPREPLY < <(compgen "$@" -- "$cur")
}

_veille_files() # [-d]: folders only
{
    compopt -o filenames 2>/dev/null
    if declare -F _filedir >/dev/null; then
        _filedir ${1:+-d}
    elif [ "${1-}" = -d ]; then
        _veille_compgen -d
    else
        _veille_compgen -f
    fi
}

_veille()
{
    local cur=${COMP_WORDS[COMP_CWORD]} prev='' cmd='' w i
    ((COMP_CWORD > 0)) && prev=${COMP_WORDS[COMP_CWORD - 1]}
    # --opt=value: bash splits it at '=' (COMP_WORDBREAKS)
    if [ "$cur" = = ]; then
        cur=
    elif [ "$prev" = = ] && ((COMP_CWORD > 1)); then
        prev=${COMP_WORDS[COMP_CWORD - 2]}
    fi
    COMPREPLY=()

    # The command: the first word that is neither an option nor a value of
    # --db or --data.
    for ((i = 1; i < COMP_CWORD; i++)); do
        w=${COMP_WORDS[i]}
        case $w in
        --db | --data)
            i=$((i + 1))
            [ "${COMP_WORDS[i]-}" = = ] && i=$((i + 1))
            ;;
        -* | =) ;;
        *)
            cmd=$w
            break
            ;;
        esac
    done

    # the value of an option
    case $prev in
    --db | --overrides)
        _veille_files
        return
        ;;
    --data)
        _veille_files -d
        return
        ;;
    --sort)
        _veille_compgen -W 'relevance date'
        return
        ;;
    --type)
        _veille_compgen -W 'meeting talks visit reception signing conference'
        return
        ;;
    --max-size | --batch | --jobs | --from | --to | --limit | --offset | --time-limit | --at | \
        --since | --country | --office | --with | --about | --host | --port | --threads)
        return
        ;;
    esac

    local commands='ingest load search stats show extract person office persons changes related
        events met quotes rebuild serve eval help'
    local global='--db --data --help'
    local opts
    case $cmd in
    '') opts="$global -h --version" ;;
    ingest) opts='--jsonl --max-size --batch --jobs --quiet' ;;
    search) opts='--from --to --undated --sort --limit --offset --facets --time-limit --json --csv' ;;
    stats | show) opts='--json' ;;
    person) opts='--json --csv' ;;
    extract) opts='--jsonl --max-size --store' ;;
    load) opts='--batch --jobs --quiet' ;;
    eval) opts='-v --verbose --json' ;;
    office) opts='--at --json --csv' ;;
    persons | related) opts='--limit --json --csv' ;;
    changes) opts='--since --country --office --limit --json --csv' ;;
    events) opts='--with --type --from --to --limit --json --csv' ;;
    met) opts='--with --limit --json --csv' ;;
    quotes) opts='--about --from --to --limit --json --csv' ;;
    rebuild) opts='--overrides' ;;
    serve) opts='--host --port --threads' ;;
    *) opts= ;;
    esac
    [ -n "$cmd" ] && opts="$opts $global"

    if [[ $cur == -* ]]; then
        _veille_compgen -W "$opts"
        return
    fi
    case $cmd in
    '' | help)
        # help takes one command
        if [ -z "$cmd" ] || [ "$prev" = help ]; then
            _veille_compgen -W "$commands"
        fi
        ;;
    ingest | extract | eval | show) _veille_files ;;
    esac
}
complete -F _veille veille
