# a workbook and a document left in the input folder: neither is read, both are named
printf 'PK\003\004' >records.xlsx
printf 'PK\003\004' >notes.docx
printf '# what these tables are\n' >README.md
