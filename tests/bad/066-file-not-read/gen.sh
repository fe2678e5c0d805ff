# a table in a format patronat does not read (Apple Numbers) and a document left in the input
# folder: neither is read, both are named
printf 'PK\003\004' >records.numbers
printf 'PK\003\004' >notes.docx
printf '# what these tables are\n' >README.md
