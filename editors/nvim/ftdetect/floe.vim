" Floe files: *.floe (set, not setfiletype: a generic fallback such as
" conf may have claimed the file first).
autocmd BufRead,BufNewFile *.floe set filetype=floe
