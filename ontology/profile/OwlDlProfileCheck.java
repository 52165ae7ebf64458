// Checks an ontology document against the OWL 2 DL profile with the OWL API (the copy bundled in
// HermiT.jar). Run as a single-file source: java -cp HermiT.jar OwlDlProfileCheck.java FILE
// Prints one line per violation, then "in profile" or "not in profile"; exit code 0 or 1.
import java.io.File;
import org.semanticweb.owlapi.apibinding.OWLManager;
import org.semanticweb.owlapi.model.OWLOntology;
import org.semanticweb.owlapi.model.OWLOntologyManager;
import org.semanticweb.owlapi.profiles.OWL2DLProfile;
import org.semanticweb.owlapi.profiles.OWLProfileReport;
import org.semanticweb.owlapi.profiles.OWLProfileViolation;

public class OwlDlProfileCheck {
    public static void main(String[] args) throws Exception {
        OWLOntologyManager manager = OWLManager.createOWLOntologyManager();
        OWLOntology ontology = manager.loadOntologyFromOntologyDocument(new File(args[0]));
        OWLProfileReport report = new OWL2DLProfile().checkOntology(ontology);
        for (OWLProfileViolation violation : report.getViolations()) {
            System.out.println(violation.toString().replace('\n', ' '));
        }
        System.out.println(report.isInProfile() ? "in profile" : "not in profile");
        System.exit(report.isInProfile() ? 0 : 1);
    }
}
