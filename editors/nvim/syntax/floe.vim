" Floe syntax, by regular expressions: a fallback where the tree-sitter
" grammar is not installed. The language server's semantic tokens refine it.
if exists('b:current_syntax')
  finish
endif

syntax keyword floeKeyword let in if then else import type extends where or
syntax keyword floeConstant true false null
syntax keyword floeMode final stronger subset append required
syntax match floeNumber /\<\d[0-9_]*\(\.\d[0-9_]*\)\=\([eE][+-]\=\d\+\)\=\>/
syntax match floeType /\<\u\w*\>/
syntax match floeOperator /->\|++\|\/\/\|==\|!=\|<=\|>=\||>\|&&\|||\|[-+*\/%<>!&@\\]/
syntax region floeInterp matchgroup=floeDelimiter start=/\${/ end=/}/ contained contains=TOP
syntax region floeString start=/"/ skip=/\\./ end=/"/ contains=floeInterp,floeEscape
syntax region floeIndented start=/''/ skip=/'''\|''\$\|''\\/ end=/''/ contains=floeInterp
syntax match floeEscape /\\./ contained
syntax match floeComment /#.*$/ contains=@Spell

highlight default link floeKeyword Keyword
highlight default link floeConstant Constant
highlight default link floeMode StorageClass
highlight default link floeNumber Number
highlight default link floeType Type
highlight default link floeOperator Operator
highlight default link floeString String
highlight default link floeIndented String
highlight default link floeEscape SpecialChar
highlight default link floeDelimiter Delimiter
highlight default link floeComment Comment

let b:current_syntax = 'floe'
