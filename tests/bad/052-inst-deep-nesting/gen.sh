# writes the large input of this case into the current folder
{ printf '<institution>'; for i in $(seq 1 100000); do printf '<a>'; done; } >institution.xml
