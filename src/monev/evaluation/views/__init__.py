"""The pages of evaluation, by sub-area: `processing` (olah data, SOP step 3), `dashboard`,
`analysis` (SOP step 7), `e81` (Formulir E.81), `consolidated` (the Bappeda's view) and
`annual` (the annual SOP's steps 2 and 3); `params` reads the period and the unit asked for."""
