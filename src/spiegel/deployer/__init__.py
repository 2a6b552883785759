"""The deployer's file (AI Act Art. 13, 26, 27; GDPR Art. 30, 35; WOR art. 27): documents an
organisation needs before it switches spiegel on, generated from the code (:mod:`.docs`,
:mod:`.facts`), and the configuration fingerprint the server compares with what the works council
approved (:func:`.facts.fingerprint`)."""
